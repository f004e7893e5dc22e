import type { RunEventDraft } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import type { ModelMessage } from 'ai';
import { bundledPriceTable, type PriceTable } from '../../pricing/price-table.ts';
import { createEventChannel } from '../event-channel.ts';
import type { ExecutionError, Executor, ExecutorStartInput, RunExecution } from '../executor.ts';
import { createRunState } from '../run-state.ts';
import { followSunaRun, type SunaRunOutcome } from './follow-suna-run.ts';
import { toSunaExecutionError } from './suna-api-error.ts';
import type { SunaClient } from './suna-client.ts';
import type { SunaLinks, SunaToolAccessIssuer } from './suna-links.ts';
import { syncSunaAgent } from './sync-suna-agent.ts';

/** Options of {@link createSunaExecutor}. */
export interface SunaExecutorOptions {
  /**
   * Suna's client, or how to get the run's (its instance resolved per run); a failure to get it fails the
   * run with `EXECUTOR_UNAVAILABLE` like any unreachable Suna.
   */
  readonly client: SunaClient | ((signal: AbortSignal) => Promise<SunaClient>);
  /** Where Suna threads and agents are remembered; absent: every turn starts a new thread, no agent sync. */
  readonly links?: SunaLinks | undefined;
  /** Issues the run's MCP access for Suna's agent; absent: Suna gets none of the platform's tools. */
  readonly toolAccess?: SunaToolAccessIssuer | undefined;
  /** @defaultValue () => new Date() */
  readonly clock?: () => Date;
  /** @defaultValue bundledPriceTable */
  readonly prices?: PriceTable;
  /** Resumptions of a dropped stream (with `last_id`) before falling back to polling. @defaultValue 3 */
  readonly streamReconnects?: number;
  /** A stream silent this long is presumed dropped. @defaultValue 30_000 */
  readonly streamIdleTimeoutMs?: number;
  /** Interval of status polls (after a lost stream, after a stop). @defaultValue 1_000 */
  readonly pollIntervalMs?: number;
  /** How long a stop waits for Suna to report the run stopped. @defaultValue 15_000 */
  readonly stopWaitMs?: number;
}

function textOf(message: ModelMessage | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content
    .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}

function systemPromptOf(messages: readonly ModelMessage[]): string {
  return messages
    .filter((message) => message.role === 'system')
    .map(textOf)
    .join('\n\n');
}

function failedDraft(error: ExecutionError): RunEventDraft {
  return {
    type: 'error',
    code: error.code,
    error: error.message,
    retryable: error.retryable,
    content: `The run failed: ${error.message}`,
    ...runNote('run.failed'),
  };
}

/**
 * The `suna` executor: runs an agent on an external Suna backend (era C). Suna keeps the conversation's
 * history in its thread, so only the new user message is sent; the system prompt goes to the answerer's
 * Suna agent, with the platform's MCP endpoint as its only way to the client's tools (Suna never holds a
 * client's key). Events are read from the run's SSE stream on the server side and mapped to the platform's
 * vocabulary; each `llm_response_end` becomes a priced ledger step.
 */
export function createSunaExecutor(options: SunaExecutorOptions): Executor {
  const clock = options.clock ?? (() => new Date());
  return {
    kind: 'suna',
    start: async (input) => startSunaRun(options, clock, input),
  };
}

async function startSunaRun(
  options: SunaExecutorOptions,
  clock: () => Date,
  input: ExecutorStartInput,
): Promise<RunExecution> {
  const state = createRunState();
  const channel = createEventChannel<RunEventDraft>();
  const controller = new AbortController();
  let sunaRunId: string | null = null;
  let client: SunaClient | undefined = typeof options.client === 'function' ? undefined : options.client;
  let resolveFinished: (value: ReturnType<typeof state.snapshot>) => void = () => undefined;
  const finished = new Promise<ReturnType<typeof state.snapshot>>((resolve) => {
    resolveFinished = resolve;
  });
  const end = (outcome: SunaRunOutcome) => {
    if (channel.closed) return;
    state.finishedAt = clock();
    if (outcome.status === 'completed') {
      state.status = 'completed';
      const usage = state.snapshot().usage;
      channel.push({
        type: 'complete',
        content: state.text,
        message_id: null,
        usage: {
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          total_tokens: usage.totalTokens,
          cost_usd: usage.costUsd,
        },
      });
    } else if (outcome.status === 'stopped') {
      state.status = 'stopped';
      channel.push({ type: 'status', status: 'stopped', content: 'Run stopped', ...runNote('run.stopped') });
    } else if ('error' in outcome) {
      state.status = 'failed';
      state.error = outcome.error;
      channel.push(failedDraft(outcome.error));
    }
    channel.close();
    resolveFinished(state.snapshot());
  };

  const stop = async (): Promise<void> => {
    if (channel.closed) return;
    controller.abort();
    await finished;
  };
  input.abortSignal?.addEventListener('abort', () => controller.abort(), { once: true });

  const drive = async (): Promise<SunaRunOutcome> => {
    state.status = 'running';
    state.startedAt = clock();
    channel.push({
      type: 'status',
      status: 'running',
      content: `Running on Suna with ${input.model}`,
      ...runNote('run.running_on_suna', { model: input.model }),
    });
    const scope = { ...input.metadata, runId: input.runId };
    const signal = controller.signal;
    const suna = client ?? (await (options.client as (signal: AbortSignal) => Promise<SunaClient>)(signal));
    client = suna;
    let agentId: string | undefined;
    if (options.links) {
      const access = options.toolAccess ? await options.toolAccess(scope) : undefined;
      agentId = await syncSunaAgent({
        client: suna,
        links: options.links,
        scope,
        systemPrompt: systemPromptOf(input.messages),
        model: input.model,
        access,
        toolNames: input.tools.map((tool) => tool.name),
        signal,
      });
    }
    const threadId = options.links ? await options.links.findThread(scope) : null;
    const form = new FormData();
    const lastUser = [...input.messages].reverse().find((message) => message.role === 'user');
    form.set('prompt', textOf(lastUser));
    if (threadId) form.set('thread_id', threadId);
    if (agentId) form.set('agent_id', agentId);
    form.set('model_name', input.model);
    signal.throwIfAborted();
    const started = await suna.startRun(form, signal);
    sunaRunId = started.agent_run_id;
    state.attempts = 1;
    if (options.links && started.thread_id !== threadId)
      await options.links.saveThread(scope, started.thread_id);
    return followSunaRun({
      client: suna,
      runId: started.agent_run_id,
      threadId: started.thread_id,
      signal,
      state,
      push: (draft) => {
        if (draft.type === 'content' && !state.firstTokenAt) state.firstTokenAt = clock();
        channel.push(draft);
      },
      onStep: input.onStep,
      prices: options.prices ?? bundledPriceTable,
      clock,
      streamReconnects: options.streamReconnects ?? 3,
      streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 30_000,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
    });
  };

  const stopOnSuna = async (): Promise<SunaRunOutcome> => {
    // After /stop a terminal event may never come: poll the run until Suna reports it ended.
    const runId = sunaRunId;
    if (!runId || !client) return { status: 'stopped' };
    try {
      await client.stopRun(runId);
      const deadline = clock().getTime() + (options.stopWaitMs ?? 15_000);
      while (clock().getTime() < deadline) {
        const run = await client.getRun(runId);
        if (run.status !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1_000));
      }
    } catch (error) {
      return { status: 'failed', error: toSunaExecutionError(error) };
    }
    return { status: 'stopped' };
  };

  const settle = async (): Promise<SunaRunOutcome> => {
    try {
      const outcome = await drive();
      return controller.signal.aborted && outcome.status !== 'completed' ? await stopOnSuna() : outcome;
    } catch (error) {
      if (controller.signal.aborted) return stopOnSuna();
      return { status: 'failed', error: toSunaExecutionError(error) };
    }
  };
  // settle never rejects: every failure is an outcome.
  void settle().then(end);

  return {
    runId: input.runId,
    events: channel,
    stop,
    state: () => state.snapshot(),
    finished,
  };
}
