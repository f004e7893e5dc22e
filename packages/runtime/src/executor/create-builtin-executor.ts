import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import { isStepCount, type JSONSchema7, jsonSchema, Output, streamText } from 'ai';
import { type CallPolicy, createCallPolicy } from '../models/call-policy/create-call-policy.ts';
import type { ModelRegistry, ResolvedModel } from '../models/registry/create-model-registry.ts';
import { bundledPriceTable, type PriceTable, withPriceOverride } from '../pricing/price-table.ts';
import { toAiSdkTools } from '../tools/to-ai-sdk-tools.ts';
import { createEventChannel, type EventChannel } from './event-channel.ts';
import type { Executor, ExecutorStartInput, RunExecution, RunExecutionState } from './executor.ts';
import { createStreamPartHandler } from './handle-stream-part.ts';
import { instrumentTools, type ToolTiming } from './instrument-tools.ts';
import { createRunState, type MutableRunState } from './run-state.ts';
import { toExecutionError } from './to-execution-error.ts';

/** Options of {@link createBuiltinExecutor}. */
export interface BuiltinExecutorOptions {
  readonly registry: ModelRegistry;
  /** Timeouts, retries and fallbacks of model calls. @defaultValue createCallPolicy() */
  readonly callPolicy?: CallPolicy;
  /** @defaultValue () => new Date() */
  readonly clock?: () => Date;
  /** Prices of model calls. @defaultValue bundledPriceTable */
  readonly prices?: PriceTable;
}

interface RunContext {
  readonly input: ExecutorStartInput;
  readonly options: BuiltinExecutorOptions;
  readonly policy: CallPolicy;
  readonly channel: EventChannel<RunEventDraft>;
  readonly state: MutableRunState;
  readonly controller: AbortController;
  readonly now: () => Date;
}

/** Resolves the model and its fallbacks; a fallback that is not configured is skipped, not fatal. */
function resolveCandidates(context: RunContext): ResolvedModel[] {
  const { registry } = context.options;
  const credentials = { clientKey: context.input.credentials?.clientKey };
  const candidates = [registry.resolve(context.input.model, credentials)];
  for (const fallback of context.input.fallbackModels ?? []) {
    try {
      candidates.push(registry.resolve(fallback, credentials));
    } catch {
      // An agent saved with a fallback whose provider lost its key still answers with the others.
    }
  }
  return candidates;
}

function finish(context: RunContext, status: MutableRunState['status'], draft: RunEventDraft): void {
  context.state.status = status;
  context.state.finishedAt = context.now();
  context.channel.push(draft);
  context.channel.close();
}

function finishStopped(context: RunContext): void {
  finish(context, 'stopped', {
    type: 'status',
    status: 'stopped',
    content: 'Run stopped',
    ...runNote('run.stopped'),
  });
}

function finishFailed(context: RunContext, error: unknown): void {
  const failure = toExecutionError(error);
  context.state.error = failure;
  finish(context, 'failed', {
    type: 'error',
    code: failure.code,
    error: failure.message,
    retryable: failure.retryable,
    content: `The run failed: ${failure.message}`,
    ...runNote('run.failed'),
  });
}

/**
 * The options that ask the model for an answer fitting `schema` (`responseFormat: json` with it): the
 * output is parsed only if read, which this executor never does, so an answer that does not fit ends the
 * run normally and its caller's validation says why. OpenAI's strict mode is off: it refuses schemas that
 * leave properties optional or allow others, which a client's schema may well do.
 */
function structuredOutput(schema: Readonly<Record<string, unknown>> | undefined) {
  if (!schema) return {};
  return {
    output: Output.object({ schema: jsonSchema(schema as JSONSchema7) }),
    providerOptions: { openai: { strictJsonSchema: false } },
  };
}

/** Runs the AI SDK tool loop and turns it into events; never throws. */
async function runLoop(context: RunContext): Promise<void> {
  const { input, state, channel, controller, now } = context;
  state.status = 'running';
  state.startedAt = now();
  channel.push({
    type: 'status',
    status: 'running',
    content: `Running with ${input.model}`,
    ...runNote('run.running_with_model', { model: input.model }),
  });
  let candidates: ResolvedModel[];
  try {
    candidates = resolveCandidates(context);
  } catch (error) {
    finishFailed(context, error);
    return;
  }
  const primary = candidates[0] as ResolvedModel;
  const timings = new Map<string, ToolTiming>();
  const model = context.policy.wrap({
    candidates,
    onEvent: (draft) => channel.push(draft),
    onAttempt: () => {
      state.attempts += 1;
    },
  });
  const tools = toAiSdkTools(instrumentTools({ tools: input.tools, timings, now: () => now().getTime() }), {
    scope: { ...input.metadata, runId: input.runId },
  });
  const handler = createStreamPartHandler({
    state,
    push: (draft) => channel.push(draft),
    timings,
    now,
    prices: withPriceOverride(context.options.prices ?? bundledPriceTable, input.priceOverride),
    primary,
    onStep: input.onStep,
  });
  try {
    controller.signal.throwIfAborted();
    const result = streamText({
      model,
      messages: [...input.messages],
      allowSystemInMessages: true,
      tools,
      stopWhen: isStepCount(input.maxSteps),
      maxRetries: 0,
      abortSignal: controller.signal,
      onError: () => {},
      ...structuredOutput(input.responseSchema),
    });
    for await (const part of result.stream) handler.handle(part);
  } catch (error) {
    if (!controller.signal.aborted) handler.outcome.error ??= { value: error };
  }
  if (controller.signal.aborted || handler.outcome.aborted) finishStopped(context);
  else if (handler.outcome.error) finishFailed(context, handler.outcome.error.value);
  else {
    const totals = state.snapshot().usage;
    finish(context, 'completed', {
      type: 'complete',
      content: state.text,
      message_id: null,
      usage: {
        input_tokens: totals.inputTokens,
        output_tokens: totals.outputTokens,
        total_tokens: totals.totalTokens,
        cost_usd: totals.costUsd,
      },
    });
  }
}

/**
 * The built-in executor: runs the AI SDK's multi-step tool loop (`streamText`, at most `maxSteps` model
 * calls) in this process, every model call under the call policy (timeouts, retries, fallbacks; the AI
 * SDK's own retries are off), and streams the run's events. The run starts at once and proceeds whether
 * or not `events` is read; `stop()` aborts the model stream and tools through one abort signal.
 */
export function createBuiltinExecutor(options: BuiltinExecutorOptions): Executor {
  const policy = options.callPolicy ?? createCallPolicy();
  const now = options.clock ?? (() => new Date());
  return {
    kind: 'builtin',
    start(input) {
      const controller = new AbortController();
      const external = input.abortSignal;
      if (external?.aborted) controller.abort(external.reason);
      else external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
      const context: RunContext = {
        input,
        options,
        policy,
        channel: createEventChannel<RunEventDraft>(),
        state: createRunState(),
        controller,
        now,
      };
      const finished: Promise<RunExecutionState> = runLoop(context).then(
        () => context.state.snapshot(),
        (error: unknown) => {
          if (!context.channel.closed) finishFailed(context, error);
          return context.state.snapshot();
        },
      );
      const execution: RunExecution = {
        runId: input.runId,
        events: context.channel,
        state: () => context.state.snapshot(),
        finished,
        async stop() {
          controller.abort(new DOMException('The run was stopped', 'AbortError'));
          await finished;
        },
      };
      return Promise.resolve(execution);
    },
  };
}
