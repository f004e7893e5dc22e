import type { RunEvent } from '@renum/contracts';

/**
 * `run_events.type` of a row that holds several events (ADR 0028): its `payload` is their array, in order,
 * and its `seq` the first one's number. A row of one event keeps that event's type and the event itself.
 */
export const eventBatchType = 'batch';

/** The events stored in `run_events` rows (in `seq` order), in order, batches unrolled. */
export function runEventsOfRows(rows: ReadonlyArray<{ payload: unknown }>): RunEvent[] {
  return rows.flatMap(({ payload }) =>
    Array.isArray(payload) ? (payload as RunEvent[]) : [payload as RunEvent],
  );
}
