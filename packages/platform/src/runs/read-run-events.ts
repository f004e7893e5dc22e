import type { RunEvent } from '@renum/contracts';
import { type Database, runEvents, withClient } from '@renum/db';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { EventBus } from './event-bus.ts';
import { runEventsOfRows } from './run-event-rows.ts';

/**
 * Stored events of a stream after `afterSeq`, in order (optionally of one run only), at most `limit`.
 * A row holds a batch of events (ADR 0028), so the read starts at the row holding the first event after
 * `afterSeq`: the last row that starts at or before it (rows never overlap), found on the primary key.
 */
export async function readRunEvents(options: {
  db: Database;
  clientId: string;
  streamId: string;
  afterSeq: number;
  runId?: string | undefined;
  limit?: number | undefined;
}): Promise<RunEvent[]> {
  const limit = options.limit ?? 10_000;
  const { streamId, afterSeq } = options;
  const firstRow = sql`coalesce((select max(${runEvents.seq}) from ${runEvents}
    where ${runEvents.stream_id} = ${streamId} and ${runEvents.seq} <= ${afterSeq}), ${afterSeq + 1})`;
  const conditions = [eq(runEvents.stream_id, streamId), gte(runEvents.seq, firstRow)];
  if (options.runId) conditions.push(eq(runEvents.run_id, options.runId));
  const rows = await withClient(options.db, options.clientId, (tx) =>
    tx
      .select({ payload: runEvents.payload })
      .from(runEvents)
      .where(and(...conditions))
      .orderBy(asc(runEvents.seq))
      .limit(limit),
  );
  return runEventsOfRows(rows)
    .filter((event) => event.seq > afterSeq)
    .slice(0, limit);
}

/**
 * Replays a stream's events after `afterSeq` and then follows it live, each event once and in
 * order: it subscribes before reading the log, holds live events back while the replay runs,
 * merges the log with the bus's recent (not yet persisted) events, and drops what it already
 * delivered. Resolves when `onEvent` has seen a terminal event
 * of `runId` (when given) or when `signal` aborts.
 */
export async function followRunEvents(options: {
  db: Database;
  bus: EventBus;
  clientId: string;
  streamId: string;
  afterSeq: number;
  runId?: string | undefined;
  isDone?: (event: RunEvent) => boolean;
  onEvent: (event: RunEvent) => void;
  signal?: AbortSignal | undefined;
  /** End after the replay even without a terminal event (the run is known to be over). */
  stopAfterReplay?: boolean | undefined;
  /**
   * The run was sent just now, after `afterSeq`: its events are on the bus, so the stored log is read
   * only if the bus's buffer does not start with the run's first event.
   */
  live?: boolean | undefined;
}): Promise<void> {
  let lastSeq = options.afterSeq;
  let replaying = true;
  const held: RunEvent[] = [];
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let done = false;
  const deliver = (event: RunEvent) => {
    if (done || event.seq <= lastSeq) return;
    if (options.runId && event.run_id !== options.runId) {
      lastSeq = event.seq;
      return;
    }
    lastSeq = event.seq;
    options.onEvent(event);
    if (options.isDone?.(event)) {
      done = true;
      finish();
    }
  };
  // Subscribed (and active on the bus) before the log is read, so nothing falls between the two.
  const unsubscribe = await options.bus.subscribe(options.streamId, (event) => {
    if (replaying) held.push(event);
    else deliver(event);
  });
  const onAbort = () => {
    done = true;
    finish();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const recent = await options.bus.recent(options.streamId, options.afterSeq);
    // Sequence numbers come in blocks, so a run's first event need not follow `afterSeq` directly; what
    // proves the buffer holds all of the run is that it starts with the run's first event.
    const complete = options.live && (recent.length === 0 || startsRun(recent[0]!, options.runId));
    const stored = complete ? [] : await readRunEvents({ ...options });
    // Published but not yet persisted events come from the bus's buffer; merge all three by seq.
    const merged = new Map<number, RunEvent>();
    for (const event of [...stored, ...recent, ...held]) {
      merged.set(event.seq, event);
    }
    held.length = 0;
    for (const seq of [...merged.keys()].sort((a, b) => a - b)) deliver(merged.get(seq)!);
    replaying = false;
    for (const event of held.sort((a, b) => a.seq - b.seq)) deliver(event);
    held.length = 0;
    if (!done && !options.stopAfterReplay) await finished;
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** True for the first event of `runId`: every run starts with `status running` (not a resumed one). */
function startsRun(event: RunEvent, runId: string | undefined): boolean {
  return event.run_id === runId && event.type === 'status' && event.status === 'running' && !event.resumed;
}
