import type { TeamExecutionEvent } from '@renum/contracts';
import { type Database, teamExecutionEvents, withClient } from '@renum/db';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { EventBus } from '../runs/event-bus.ts';
import { executionEventsFromRow, isTerminalExecutionEvent } from './team-events.ts';

/** Most events read from the log at once. */
const pageSize = 500;
/** Longest wait for a wake-up before the log is read again (a bus message may be lost). */
const pollMs = 1000;

/**
 * Replays an execution's events after `afterSeq` from its log, then follows it live until its terminal
 * event or `signal`: the bus (stream = execution id) only wakes the follower, the log is the truth, so
 * events arrive in order and once whichever process wrote them. `stopAfterReplay` for an ended execution.
 */
export async function followExecutionEvents(options: {
  db: Database;
  bus: EventBus;
  clientId: string;
  executionId: string;
  afterSeq: number;
  onEvent: (event: TeamExecutionEvent) => void;
  signal: AbortSignal;
  stopAfterReplay?: boolean;
}): Promise<void> {
  let wake: (() => void) | null = null;
  // An event published while the log is being read is not lost: the next wait returns at once.
  let published = false;
  const unsubscribe = await options.bus.subscribe(options.executionId, () => {
    published = true;
    wake?.();
  });
  let last = options.afterSeq;
  try {
    for (;;) {
      published = false;
      const { events, rows } = await readEvents(options, last);
      for (const event of events) {
        options.onEvent(event);
        last = event.seq;
        if (isTerminalExecutionEvent(event)) return;
      }
      if (rows === pageSize) continue;
      if (options.stopAfterReplay || options.signal.aborted) return;
      if (!published)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, pollMs);
          function done() {
            clearTimeout(timer);
            options.signal.removeEventListener('abort', done);
            wake = null;
            resolve();
          }
          wake = done;
          options.signal.addEventListener('abort', done, { once: true });
        });
      if (options.signal.aborted) return;
    }
  } finally {
    unsubscribe();
  }
}

/**
 * The events after `afterSeq` from at most {@link pageSize} rows, and how many rows were read. A row may hold
 * several events (ADR 0077), so the read starts at the last row that starts at or before `afterSeq` (a
 * backward step on the primary key) and drops the events up to it, as `readRunEvents` does (ADR 0028).
 */
async function readEvents(
  options: { db: Database; clientId: string; executionId: string },
  afterSeq: number,
) {
  const { executionId } = options;
  const rows = await withClient(options.db, options.clientId, (tx) =>
    tx
      .select()
      .from(teamExecutionEvents)
      .where(
        and(
          eq(teamExecutionEvents.execution_id, executionId),
          gte(
            teamExecutionEvents.seq,
            sql`coalesce((select max(e.seq) from ${teamExecutionEvents} e
              where e.execution_id = ${executionId} and e.seq <= ${afterSeq}), 0)`,
          ),
        ),
      )
      .orderBy(asc(teamExecutionEvents.seq))
      .limit(pageSize),
  );
  const events = rows.flatMap(executionEventsFromRow).filter((event) => event.seq > afterSeq);
  return { events, rows: rows.length };
}
