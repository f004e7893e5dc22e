import { isTerminalRunEvent, type RunEventDraft } from '@renum/contracts';
import { messages, runs, usageLogs, withClient } from '@renum/db';
import { analyzeTopic, matchTopics, type RunExecution, type StepUsage } from '@renum/runtime';
import { and, eq, type SQLWrapper } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { buildPrompt } from './build-prompt.ts';
import { clientModelKey } from './client-model-key.ts';
import { type ExtraModelCall, extraCallUsage } from './extra-model-call.ts';
import { refreshRollingSummary } from './rolling-summary.ts';
import { loadRunContext, type RunContext } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import { openRunEventWriter, type RunEventWriter } from './run-event-writer.ts';
import { interruptedEvent, isInterrupted, settledState } from './run-interruption.ts';
import { runTools } from './run-tools.ts';

type SubAgentRow = RunContext['activeSubAgents'][number];

const routable = (subAgent: SubAgentRow) => ({ ...subAgent, isActive: subAgent.is_active });

/** Chooses who answers (seed 003): fast topic match, then the model's topic analysis, else the agent. */
async function route(run: RunDeps, context: RunContext, writer: RunEventWriter, signal: AbortSignal) {
  const candidates = context.activeSubAgents.map(routable);
  const extraCalls: ExtraModelCall[] = [];
  if (candidates.length === 0) return { subAgent: null, routingError: null, extraCalls };
  const fast = matchTopics({ message: context.userMessage.text, subAgents: candidates });
  let match = fast;
  let via: 'topic_match' | 'topic_analysis' = 'topic_match';
  let routingError: string | null = null;
  if (!match) {
    via = 'topic_analysis';
    try {
      const resolved = run.models.resolve(context.agent.model);
      const started = performance.now();
      const analysis = await analyzeTopic({
        model: resolved.model,
        message: context.userMessage.text,
        subAgents: candidates,
        abortSignal: signal,
      });
      extraCalls.push({
        provider: resolved.provider,
        modelName: resolved.modelName,
        apiKeyType: resolved.apiKeyType,
        inputTokens: analysis.inputTokens,
        outputTokens: analysis.outputTokens,
        latencyMs: performance.now() - started,
        purpose: 'topic_analysis',
      });
      match = analysis.match;
      if (!match) routingError = `No matching sub-agent found (topic analysis answered "${analysis.answer}")`;
    } catch (error) {
      routingError = `Topic analysis failed: ${(error as Error).message}`;
    }
  }
  if (!match) return { subAgent: null, routingError, extraCalls };
  writer.emit({
    type: 'agent_switch',
    agent_id: context.agent.id,
    sub_agent_id: match.subAgent.id,
    agent: match.subAgent.name,
    matched_topics: [...match.matchedTopics],
    via,
    content: `🤖 ${match.subAgent.name} está trabalhando...`,
  });
  return { subAgent: match.subAgent as SubAgentRow, routingError, extraCalls };
}

/**
 * Executes one run: takes its lease, routes, builds the prompt, streams the executor's events
 * through the event writer, and settles everything in one transaction (assistant message, run
 * totals, one ledger row per model call) before the terminal event is published.
 */
export async function executeRun(options: {
  deps: PlatformDeps;
  run: RunDeps;
  clientId: string;
  runId: string;
  /**
   * The run's context when the caller created it already running, in this process, with its lease
   * (`sendMessage`): the run is neither taken nor read again.
   */
  prepared?: { context: RunContext; firstSeq: number } | undefined;
  onExecution: (execution: RunExecution) => void;
  signal: AbortSignal;
}): Promise<void> {
  const { deps, run, clientId, runId } = options;
  const context =
    options.prepared?.context ??
    (await withClient(deps.db, clientId, async (tx) => {
      // Fenced: only a queued run can be taken, so two processes never run it twice.
      const taken = await tx
        .update(runs)
        .set({
          status: 'running',
          started_at: deps.clock(),
          lease_owner: run.processId,
          lease_expires_at: new Date(deps.clock().getTime() + run.leaseMs),
        })
        .where(and(eq(runs.id, runId), eq(runs.status, 'queued')))
        .returning({ id: runs.id });
      return taken.length > 0
        ? loadRunContext(tx, runId, { historyTokenBudget: run.historyTokenBudget })
        : null;
    }));
  if (!context) return;
  const writer = await openRunEventWriter({
    db: deps.db,
    bus: run.bus,
    onPublishError: run.onPublishError,
    clientId,
    conversationId: context.conversation.id,
    runId,
    clock: deps.clock,
    firstSeq: options.prepared?.firstSeq,
  });
  const renewal = setInterval(
    () => {
      void withClient(deps.db, clientId, (tx) =>
        tx
          .update(runs)
          .set({ lease_expires_at: new Date(deps.clock().getTime() + run.leaseMs) })
          .where(eq(runs.id, runId)),
      ).catch((error: unknown) => warnRun('lease renewal failed', runId, error));
    },
    Math.max(1000, Math.floor(run.leaseMs / 3)),
  );
  writer.emit({ type: 'status', status: 'running', content: '🤔 Processando sua solicitação...' });
  const steps: StepUsage[] = [];
  let held: RunEventDraft | null = null;
  let firstTokenAt: Date | null = null;
  const toolParts: Array<Record<string, unknown>> = [];
  try {
    const routed = await route(run, context, writer, options.signal);
    const answering = routed.subAgent;
    const model = answering?.model ?? context.agent.model;
    const summaryCall = await refreshRollingSummary({
      deps,
      models: run.models,
      context,
      modelId: model,
      signal: options.signal,
    });
    const extraCalls = summaryCall ? [...routed.extraCalls, summaryCall] : routed.extraCalls;
    const prompt = buildPrompt({
      context,
      systemPrompt: answering?.system_prompt ?? context.agent.system_prompt,
      now: deps.clock(),
    });
    const clientKey =
      context.clientKey && context.clientKey.model === model
        ? context.clientKey.apiKey
        : await clientModelKey(deps, {
            clientId,
            agentId: context.agent.id,
            model,
            runId,
            knownServices: context.ownKeyServices,
          });
    const execution = await run.executor.start({
      runId,
      messages: prompt,
      model,
      ...(clientKey ? { credentials: { apiKey: clientKey } } : {}),
      fallbackModels: context.agent.fallback_models,
      tools: runTools({ db: deps.db, context, newId: deps.newId, outbound: run.tools }),
      maxSteps: context.agent.max_steps,
      abortSignal: options.signal,
      metadata: {
        clientId,
        agentId: context.agent.id,
        subAgentId: answering?.id,
        conversationId: context.conversation.id,
        runId,
        contactId: context.conversation.contact_id ?? undefined,
        agentName: answering?.name ?? context.agent.name,
      },
      onStep: (step) => steps.push(step),
    });
    options.onExecution(execution);
    for await (const draft of execution.events) {
      if (draft.type === 'status' && draft.status === 'running') continue; // already announced
      if (draft.type === 'content' && !firstTokenAt) firstTokenAt = deps.clock();
      if (draft.type === 'tool_call') {
        toolParts.push({
          type: 'tool-call',
          toolCallId: draft.tool_call_id,
          toolName: draft.tool,
          input: draft.params,
        });
      } else if (draft.type === 'tool_result') {
        toolParts.push({
          type: 'tool-result',
          toolCallId: draft.tool_call_id,
          toolName: draft.tool,
          output: draft.result,
          isError: draft.is_error,
        });
      }
      if (isTerminalRunEvent(draft)) {
        held = draft; // published only after the run is settled in the database
        continue;
      }
      writer.emit(draft);
    }
    // A run interrupted because this process is stopping ends failed INTERRUPTED, not stopped.
    const settled = settledState(await execution.finished, options.signal);
    const final = settled.state;
    if (settled.interrupted) held = interruptedEvent;
    const assistantId = deps.newId();
    await writer.idle();
    const terminal = await withClient(deps.db, clientId, async (tx) => {
      // Every write of the settlement goes in one statement with the events (see writeTerminal).
      const writes: SQLWrapper[] = [];
      if (final.text || toolParts.length > 0) {
        writes.push(
          tx.insert(messages).values({
            id: assistantId,
            client_id: clientId,
            conversation_id: context.conversation.id,
            run_id: runId,
            role: 'assistant',
            text: final.text,
            content: [...toolParts, ...(final.text ? [{ type: 'text', text: final.text }] : [])],
            sub_agent_id: answering?.id ?? null,
            tokens_input: final.usage.inputTokens,
            tokens_output: final.usage.outputTokens,
          }),
        );
      }
      const ledgerBase = {
        client_id: clientId,
        agent_id: context.agent.id,
        sub_agent_id: answering?.id ?? null,
        run_id: runId,
        conversation_id: context.conversation.id,
        kind: 'model' as const,
      };
      // One ledger row per model call, the run's own steps and the extra calls alike, in one insert.
      const ledger = [
        ...extraCalls.map((call) => ({ id: deps.newId(), ...ledgerBase, ...extraCallUsage(call) })),
        ...steps.map((step) => ({
          id: deps.newId(),
          ...ledgerBase,
          model_provider: step.provider,
          model_name: step.modelName,
          api_key_type: step.apiKeyType,
          tokens_input: step.inputTokens,
          tokens_output: step.outputTokens,
          cost_usd: step.costUsdText,
          price_version: step.priceVersion,
          latency_ms: Math.round(step.latencyMs),
        })),
      ];
      if (ledger.length > 0) writes.push(tx.insert(usageLogs).values(ledger));
      writes.push(
        tx
          .update(runs)
          .set({
            status: final.status === 'queued' || final.status === 'running' ? 'failed' : final.status,
            sub_agent_id: answering?.id ?? null,
            model: steps.at(-1)?.modelId ?? answering?.model ?? context.agent.model,
            attempts: final.attempts,
            error_code: final.error?.code ?? null,
            error_message: final.error?.message ?? null,
            routing_error: routed.routingError,
            tokens_input: final.usage.inputTokens + sumOf(extraCalls, 'inputTokens'),
            tokens_output: final.usage.outputTokens + sumOf(extraCalls, 'outputTokens'),
            cost_usd: sumCost([
              ...steps.map((step) => step.costUsdText),
              ...extraCalls.map((call) => extraCallUsage(call).cost_usd),
            ]),
            first_token_at: firstTokenAt,
            finished_at: final.finishedAt ?? deps.clock(),
            lease_owner: null,
            lease_expires_at: null,
          })
          .where(eq(runs.id, runId)),
      );
      const draft: RunEventDraft = held ?? {
        type: 'error',
        code: 'INTERNAL_ERROR',
        error: 'The executor ended without a final event',
        retryable: false,
        content: '❌ Erro',
      };
      // The terminal event commits with the run's final state, so whoever sees it can read it all.
      return writer.writeTerminal(
        tx,
        draft.type === 'complete'
          ? { ...draft, message_id: final.text || toolParts.length > 0 ? assistantId : null }
          : draft,
        { touch: deps.clock(), with: writes },
      );
    });
    await writer.publish(terminal);
  } catch (error) {
    const interrupted = isInterrupted(options.signal);
    const code = interrupted ? 'INTERRUPTED' : 'INTERNAL_ERROR';
    await failRun({ deps, clientId, runId, code, message: (error as Error).message });
    writer.emit(
      interrupted
        ? interruptedEvent
        : {
            type: 'error',
            code: 'INTERNAL_ERROR',
            error: 'The run failed unexpectedly',
            retryable: false,
            content: '❌ Erro',
          },
    );
  } finally {
    clearInterval(renewal);
    await writer.close().catch((error: unknown) => warnRun('final event flush failed', runId, error));
  }
}

function sumOf(calls: readonly ExtraModelCall[], field: 'inputTokens' | 'outputTokens'): number {
  return calls.reduce((total, call) => total + call[field], 0);
}

/** Sums USD amounts given as numeric text exactly (8 decimals, as integer hundred-millionths). */
function sumCost(amounts: readonly string[]): string {
  let total = 0n;
  for (const amount of amounts) {
    const [whole = '0', fraction = ''] = amount.split('.');
    total += BigInt(whole) * 100_000_000n + BigInt(fraction.padEnd(8, '0').slice(0, 8) || '0');
  }
  return `${total / 100_000_000n}.${(total % 100_000_000n).toString().padStart(8, '0')}`;
}

/** Marks a run failed with a code, releasing its lease. */
export async function failRun(options: {
  deps: PlatformDeps;
  clientId: string;
  runId: string;
  code: string;
  message: string;
}): Promise<void> {
  await withClient(options.deps.db, options.clientId, (tx) =>
    tx
      .update(runs)
      .set({
        status: 'failed',
        error_code: options.code,
        error_message: options.message,
        finished_at: options.deps.clock(),
        lease_owner: null,
        lease_expires_at: null,
      })
      .where(eq(runs.id, options.runId)),
  );
}

/** A background failure of a run, reported as a process warning (logged) until the logger port exists. */
function warnRun(what: string, runId: string, error: unknown): void {
  process.emitWarning(
    `run ${runId}: ${what}: ${(error as Error)?.message ?? String(error)}`,
    'RenumRunWarning',
  );
}
