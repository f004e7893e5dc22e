import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import type { TextStreamPart, ToolSet } from 'ai';
import { readCallMetadata } from '../models/call-policy/call-metadata.ts';
import type { ResolvedModel } from '../models/registry/create-model-registry.ts';
import { priceOf } from '../pricing/price-of.ts';
import type { PriceTable } from '../pricing/price-table.ts';
import type { StepUsage } from './executor.ts';
import { readableToolError, type ToolTiming } from './instrument-tools.ts';
import type { MutableRunState } from './run-state.ts';

/** What the part handler works with during one run. */
export interface StreamPartContext {
  readonly state: MutableRunState;
  readonly push: (draft: RunEventDraft) => void;
  readonly timings: Map<string, ToolTiming>;
  readonly now: () => Date;
  readonly prices: PriceTable;
  /** The agent's own model: usage is attributed to it when a step carries no call metadata. */
  readonly primary: ResolvedModel;
  readonly onStep?: ((step: StepUsage) => void) | undefined;
}

/** How the stream ended, as far as its parts tell. */
export interface StreamOutcome {
  /** The first fatal error part, if any. */
  error: { value: unknown } | undefined;
  /** An `abort` part was seen. */
  aborted: boolean;
}

function asParams(input: unknown): Record<string, unknown> {
  if (typeof input === 'object' && input !== null && !Array.isArray(input))
    return input as Record<string, unknown>;
  return input === undefined ? {} : { input };
}

/**
 * Turns the AI SDK's stream parts into run event drafts and keeps the run's state: text deltas become
 * `content`, tool calls `tool_call`, tool results and errors `tool_result`, approval requests
 * `approval_request`; each `finish-step` is priced into a {@link StepUsage}. Terminal events are left to
 * the caller, which knows whether the run was stopped.
 */
export function createStreamPartHandler(context: StreamPartContext): {
  handle(part: TextStreamPart<ToolSet>): void;
  readonly outcome: StreamOutcome;
} {
  const { state, push, timings, now } = context;
  const outcome: StreamOutcome = { error: undefined, aborted: false };
  const toolCallSeenAt = new Map<string, number>();
  let stepStartedAt = now().getTime();
  let lastOutputAt = stepStartedAt;

  const toolDuration = (toolCallId: string): number => {
    const timing = timings.get(toolCallId);
    const started = timing?.startedAt ?? toolCallSeenAt.get(toolCallId) ?? now().getTime();
    return Math.max(0, Math.round((timing?.finishedAt ?? now().getTime()) - started));
  };

  const finishStep = (part: Extract<TextStreamPart<ToolSet>, { type: 'finish-step' }>) => {
    const call = readCallMetadata(part.providerMetadata);
    const provider = call?.provider ?? context.primary.provider;
    const modelName = call?.modelName ?? context.primary.modelName;
    const inputTokens = part.usage.inputTokens ?? 0;
    const outputTokens = part.usage.outputTokens ?? 0;
    const quote = priceOf({ provider, model: modelName, inputTokens, outputTokens, table: context.prices });
    const step: StepUsage = {
      stepNumber: state.steps.length,
      provider,
      modelId: call?.modelId ?? context.primary.modelId,
      modelName,
      apiKeyType: call?.apiKeyType ?? context.primary.apiKeyType,
      inputTokens,
      outputTokens,
      totalTokens: part.usage.totalTokens ?? inputTokens + outputTokens,
      costUsd: quote.costUsd,
      costUsdText: quote.costUsdText,
      priced: quote.priced,
      priceVersion: quote.version,
      latencyMs: Math.max(0, Math.round(lastOutputAt - stepStartedAt)),
      attempts: call?.attempts ?? 1,
      finishReason: part.finishReason,
    };
    state.steps.push(step);
    context.onStep?.(step);
  };

  const handle = (part: TextStreamPart<ToolSet>): void => {
    switch (part.type) {
      case 'start-step':
        stepStartedAt = now().getTime();
        lastOutputAt = stepStartedAt;
        return;
      case 'text-delta':
        lastOutputAt = now().getTime();
        if (part.text.length === 0) return;
        state.firstTokenAt ??= now();
        state.text += part.text;
        push({ type: 'content', content: part.text });
        return;
      case 'tool-call':
        lastOutputAt = now().getTime();
        toolCallSeenAt.set(part.toolCallId, lastOutputAt);
        push({
          type: 'tool_call',
          tool: part.toolName,
          tool_call_id: part.toolCallId,
          params: asParams(part.input),
          content: `Running ${part.toolName}…`,
          ...runNote('tool.running', { tool: part.toolName }),
        });
        return;
      case 'tool-result': {
        if (part.preliminary) return;
        const durationMs = toolDuration(part.toolCallId);
        push({
          type: 'tool_result',
          tool: part.toolName,
          tool_call_id: part.toolCallId,
          result: part.output ?? null,
          is_error: false,
          duration_ms: durationMs,
          attempts: 1,
          content: `${part.toolName} finished in ${durationMs} ms`,
          ...runNote('tool.finished', { tool: part.toolName, ms: durationMs }),
        });
        return;
      }
      case 'tool-error': {
        const message = readableToolError({ toolName: part.toolName, error: part.error });
        push({
          type: 'tool_result',
          tool: part.toolName,
          tool_call_id: part.toolCallId,
          result: { error: message },
          is_error: true,
          duration_ms: toolDuration(part.toolCallId),
          attempts: 1,
          content: `${part.toolName} failed: ${message}`,
          ...runNote('tool.failed', { tool: part.toolName, error: message }),
        });
        return;
      }
      case 'tool-approval-request':
        push({
          type: 'approval_request',
          approval_id: part.approvalId,
          tool: part.toolCall.toolName,
          tool_call_id: part.toolCall.toolCallId,
          params: asParams(part.toolCall.input),
          content: `${part.toolCall.toolName} needs approval before it runs`,
          ...runNote('tool.needs_approval', { tool: part.toolCall.toolName }),
        });
        return;
      case 'finish-step':
        finishStep(part);
        return;
      case 'error':
        outcome.error ??= { value: part.error };
        return;
      case 'abort':
        outcome.aborted = true;
        return;
      default:
        return;
    }
  };
  return { handle, outcome };
}
