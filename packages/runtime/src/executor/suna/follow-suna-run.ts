import type { RunEventDraft } from '@renum/contracts';
import type { PriceTable } from '../../pricing/price-table.ts';
import type { ExecutionError, StepUsage } from '../executor.ts';
import type { MutableRunState } from '../run-state.ts';
import { readSunaStream } from './read-suna-stream.ts';
import { SunaApiError, sunaWorkerTimeout, toSunaExecutionError } from './suna-api-error.ts';
import type { SunaClient } from './suna-client.ts';
import { createSunaEventMapper, type SunaMapped } from './suna-event-mapper.ts';
import { sunaStepUsage } from './suna-step-usage.ts';

/** How a Suna run ended, as far as the platform is concerned. */
export type SunaRunOutcome =
  | { readonly status: 'completed' | 'stopped' }
  | { readonly status: 'failed'; readonly error: ExecutionError };

/** Options of {@link followSunaRun}. */
export interface FollowSunaRunOptions {
  readonly client: SunaClient;
  readonly runId: string;
  readonly threadId: string;
  /** Aborted when the platform stops the run: following ends at once. */
  readonly signal: AbortSignal;
  readonly state: MutableRunState;
  readonly push: (draft: RunEventDraft) => void;
  readonly onStep: ((step: StepUsage) => void) | undefined;
  readonly prices: PriceTable;
  readonly clock: () => Date;
  readonly streamReconnects: number;
  readonly streamIdleTimeoutMs: number;
  readonly pollIntervalMs: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Follows a started Suna run to its end: reads its SSE stream, resuming with `last_id` after a dropped
 * connection (at most `streamReconnects` times in a row without progress); when the stream is lost for
 * good, polls `GET /v1/agent-run/{id}` until the run ends and reconciles what was missed from the thread's
 * stored messages (`optimized=false`, read with the JWT). Returns how it ended; throws only what
 * starting a read threw after every retry (an unreachable Suna), which the executor maps to an error.
 */
export async function followSunaRun(options: FollowSunaRunOptions): Promise<SunaRunOutcome> {
  const { state, signal } = options;
  const mapper = createSunaEventMapper({ now: () => options.clock().getTime() });
  let lastId: string | undefined;
  let failure: { message: string; errorCode: string | undefined } | undefined;
  let turnStartedAt = options.clock().getTime();

  const apply = (mapped: SunaMapped): SunaRunOutcome | undefined => {
    if (mapped.kind === 'draft') {
      if (mapped.draft.type === 'content') state.text += mapped.draft.content;
      options.push(mapped.draft);
    } else if (mapped.kind === 'usage') {
      const now = options.clock().getTime();
      const step = sunaStepUsage({
        usage: mapped.usage,
        stepNumber: state.steps.length,
        latencyMs: Math.max(0, now - turnStartedAt),
        prices: options.prices,
      });
      turnStartedAt = now;
      state.steps.push(step);
      options.onStep?.(step);
    } else if (mapped.kind === 'failure') {
      failure = { message: mapped.message, errorCode: mapped.errorCode };
    } else {
      return outcomeOf(mapped.status, failure, mapped.message);
    }
    return undefined;
  };

  let misses = 0;
  while (misses <= options.streamReconnects && !signal.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal.addEventListener('abort', abort, { once: true });
    let progressed = false;
    try {
      const body = await options.client.openStream(options.runId, lastId, connection.signal);
      for await (const event of readSunaStream({
        body,
        connection,
        idleTimeoutMs: options.streamIdleTimeoutMs,
      })) {
        if (typeof event._event_id === 'string') {
          lastId = event._event_id;
          progressed = true;
        }
        for (const mapped of mapper.map(event)) {
          const outcome = apply(mapped);
          if (outcome) return outcome;
        }
      }
    } catch (error) {
      if (signal.aborted) break;
      if (SunaApiError.isInstance(error) && !error.isRetryable) throw error;
    } finally {
      signal.removeEventListener('abort', abort);
    }
    if (failure?.message === sunaWorkerTimeout) return outcomeOf('failed', failure, '');
    misses = progressed ? 1 : misses + 1;
  }
  if (signal.aborted) return { status: 'stopped' };
  return reconcile(options, mapper, apply, () => failure);
}

function outcomeOf(
  status: 'completed' | 'failed' | 'stopped',
  failure: { message: string; errorCode: string | undefined } | undefined,
  message: string,
): SunaRunOutcome {
  if (status !== 'failed') return { status };
  const cause = new SunaApiError({
    message: failure?.message || message || 'Suna reported the run failed',
    status: 500,
    errorCode: failure?.errorCode,
  });
  return { status: 'failed', error: toSunaExecutionError(cause) };
}

/** The stream is gone: poll the run to its end, then take what the stream did not deliver from the thread. */
async function reconcile(
  options: FollowSunaRunOptions,
  mapper: ReturnType<typeof createSunaEventMapper>,
  apply: (mapped: SunaMapped) => SunaRunOutcome | undefined,
  failure: () => { message: string; errorCode: string | undefined } | undefined,
): Promise<SunaRunOutcome> {
  let run = await options.client.getRun(options.runId, options.signal);
  while (run.status === 'running' && !options.signal.aborted) {
    await sleep(options.pollIntervalMs, options.signal);
    run = await options.client.getRun(options.runId, options.signal);
  }
  if (options.signal.aborted) return { status: 'stopped' };
  const rows = await options.client.threadMessages(options.threadId, options.signal);
  const lastUser = rows.map((row) => row.type).lastIndexOf('user');
  const streamed = options.state.text;
  let stored = '';
  for (const row of rows.slice(lastUser + 1)) {
    if (row.type === 'assistant') {
      const metadata = row.metadata as { text_content?: unknown } | null;
      if (typeof metadata?.text_content === 'string') stored += metadata.text_content;
    }
    for (const mapped of mapper.mapRow(row)) apply(mapped);
  }
  // The text the stream missed: what is stored beyond what was streamed (the stream delivers in order).
  if (stored.startsWith(streamed) && stored.length > streamed.length) {
    apply({ kind: 'draft', draft: { type: 'content', content: stored.slice(streamed.length) } });
  }
  const status = run.status === 'completed' || run.status === 'stopped' ? run.status : 'failed';
  return outcomeOf(status, failure(), run.error ?? '');
}
