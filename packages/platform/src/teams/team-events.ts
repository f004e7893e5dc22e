import type { RunEvent, RunEventDraft, TeamExecutionEvent } from '@renum/contracts';
import { afterCommit, type Transaction, teamExecutionEvents, teamExecutions } from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import { type EventBus, type PublishFailureReporter, warnPublishFailure } from '../runs/event-bus.ts';

/** An event to append to an execution's log: its body, and the step and run it comes from. */
export interface ExecutionEventDraft {
  draft: RunEventDraft;
  runId?: string | null;
  stepIndex?: number | null;
}

/**
 * Appends events to an execution's log in `tx`, numbered from the execution's counter (one sequence per
 * execution, from the database, so parallel steps on different workers never collide), and publishes
 * them on the bus (stream = the execution's id) once `tx` commits.
 */
export async function appendExecutionEvents(
  tx: Transaction,
  options: {
    clientId: string;
    executionId: string;
    now: Date;
    events: readonly ExecutionEventDraft[];
    bus?: EventBus | undefined;
    onPublishError?: PublishFailureReporter | undefined;
  },
): Promise<TeamExecutionEvent[]> {
  const { events, executionId } = options;
  if (events.length === 0) return [];
  const [counter] = await tx
    .update(teamExecutions)
    .set({ last_seq: sql`${teamExecutions.last_seq} + ${events.length}` })
    .where(eq(teamExecutions.id, executionId))
    .returning({ last: teamExecutions.last_seq });
  if (!counter) throw new Error(`team execution ${executionId} not found while appending events`);
  const first = counter.last - events.length + 1;
  const stamped = events.map(
    (event, offset): TeamExecutionEvent =>
      ({
        ...event.draft,
        execution_id: executionId,
        seq: first + offset,
        run_id: event.runId ?? null,
        step_index: event.stepIndex ?? null,
        created_at: options.now.toISOString(),
      }) as TeamExecutionEvent,
  );
  await tx.insert(teamExecutionEvents).values(
    stamped.map((event) => {
      const { execution_id, seq, run_id, step_index, created_at, ...payload } = event;
      return {
        execution_id,
        seq,
        client_id: options.clientId,
        run_id,
        step_index,
        type: event.type,
        payload: payload as Record<string, unknown>,
        created_at: new Date(created_at),
      };
    }),
  );
  const bus = options.bus;
  if (bus) {
    afterCommit(tx, () => {
      const report = options.onPublishError ?? warnPublishFailure;
      for (const event of stamped) {
        // The bus carries run events; an execution's event has the same framing, under its own stream.
        const carried = event as unknown as RunEvent;
        bus.publish(executionId, carried).catch((error: unknown) => report(error, carried));
      }
    });
  }
  return stamped;
}

/** An execution event row back in its wire form. */
export function executionEventFromRow(row: typeof teamExecutionEvents.$inferSelect): TeamExecutionEvent {
  return {
    ...(row.payload as object),
    type: row.type,
    execution_id: row.execution_id,
    seq: row.seq,
    run_id: row.run_id,
    step_index: row.step_index,
    created_at: row.created_at.toISOString(),
  } as TeamExecutionEvent;
}

/** True for the event that ends an execution: `complete`, `error`, or `status` cancelled (`stopped`). */
export function isTerminalExecutionEvent(event: TeamExecutionEvent): boolean {
  if (event.step_index !== null) return false; // a step's own terminal event does not end the execution
  return (
    event.type === 'complete' ||
    event.type === 'error' ||
    (event.type === 'status' && event.status === 'stopped')
  );
}
