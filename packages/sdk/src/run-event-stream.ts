import type { RunEvent } from '@renum/contracts';
import { delay } from './delay.ts';
import { RenumApiError } from './renum-api-error.ts';
import { readSseFrames, type SseFrame } from './sse-parser.ts';
import { segment, type Transport } from './transport.ts';

/** Options of a run event stream. */
export interface RunEventStreamOptions {
  /** Stops the stream (the iterator ends without an error). */
  signal?: AbortSignal;
  /**
   * Reconnections tried in a row after the connection drops before the run ended; each resumes after
   * the last event seen (`Last-Event-ID`), so no event is lost or repeated. @defaultValue 5
   */
  maxReconnects?: number;
  /** Called before each reconnection. */
  onReconnect?: (info: { attempt: number; lastSeq: number; runId: string }) => void;
  /** Called with frames that are not a valid run event (newer server, proxy noise). */
  onInvalidFrame?: (frame: SseFrame) => void;
}

/**
 * The contracts' schemas (and zod with them), loaded on the first stream rather than with the SDK: a web
 * page that never follows a run does not download them (the builder's first load, ADR 0036).
 */
const contracts = () => import('@renum/contracts');

/** Parses one SSE frame into a run event, or null when it is not one. */
export async function parseRunEventFrame(frame: SseFrame): Promise<RunEvent | null> {
  const { runEventSchema } = await contracts();
  if (!frame.data) return null;
  let json: unknown;
  try {
    json = JSON.parse(frame.data);
  } catch {
    return null;
  }
  const parsed = runEventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Follows a run's events from a first response (the streaming POST of a message, or `GET
 * /v1/runs/{id}/events`) until its terminal event, reconnecting to `GET /v1/runs/{id}/events` with
 * `Last-Event-ID` when the connection drops. Events already seen (by `seq`) are skipped.
 */
export async function* followRunEventStream(
  transport: Transport,
  first: () => Promise<Response>,
  options: RunEventStreamOptions & { runId?: string; afterSeq?: number } = {},
): AsyncGenerator<RunEvent> {
  const maxReconnects = options.maxReconnects ?? 5;
  let runId = options.runId ?? null;
  let lastSeq = options.afterSeq ?? 0;
  let retryMs = 1000;
  let failures = 0;
  let open = first;
  const { isTerminalRunEvent } = await contracts();
  while (true) {
    let lastError: unknown = null;
    try {
      const response = await open();
      if (!response.body) throw new Error('The event stream has no body');
      for await (const frame of readSseFrames(response.body, { onRetry: (ms) => (retryMs = ms) })) {
        const event = await parseRunEventFrame(frame);
        if (!event) {
          options.onInvalidFrame?.(frame);
          continue;
        }
        if (event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        runId = event.run_id;
        failures = 0;
        yield event;
        if (isTerminalRunEvent(event)) return;
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      // An HTTP error answer (404, 403...) will not get better by retrying; a dropped connection may.
      if (RenumApiError.isInstance(error) && error.status !== 0 && error.status < 500) throw error;
      lastError = error;
    }
    if (options.signal?.aborted) return;
    if (!runId || failures >= maxReconnects) {
      throw new RenumApiError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: 'The event stream ended before the run finished',
        cause: lastError ?? undefined,
      });
    }
    failures++;
    const resumeRunId = runId;
    const resumeAfter = lastSeq;
    options.onReconnect?.({ attempt: failures, lastSeq: resumeAfter, runId: resumeRunId });
    await delay(Math.min(retryMs * failures, 10_000), options.signal);
    if (options.signal?.aborted) return;
    open = () =>
      transport.open({
        method: 'GET',
        path: `/v1/runs/${segment(resumeRunId)}/events`,
        headers: { accept: 'text/event-stream', 'last-event-id': String(resumeAfter) },
        ...(options.signal ? { signal: options.signal } : {}),
      });
  }
}
