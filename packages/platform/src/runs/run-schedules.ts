import { type runs, scheduleExecutions, schedules, type Transaction } from '@renum/db';
import { and, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { RunSchedule } from './run-wire.ts';

/**
 * The schedules whose ticks started these runs, by run id: an agent schedule's run is its execution's
 * `run_id`; a team schedule's step runs share its execution's `execution_id`. Runs no schedule started are
 * absent. One statement, in the caller's (client-scoped) transaction.
 */
export async function runSchedules(
  tx: Transaction,
  rows: ReadonlyArray<Pick<typeof runs.$inferSelect, 'id' | 'execution_id'>>,
): Promise<Map<string, RunSchedule>> {
  const found = new Map<string, RunSchedule>();
  if (rows.length === 0) return found;
  const runIds = rows.map((row) => row.id);
  const executionIds = rows.flatMap((row) => (row.execution_id ? [row.execution_id] : []));
  const matches = await tx
    .select({
      runId: scheduleExecutions.run_id,
      executionId: scheduleExecutions.execution_id,
      id: schedules.id,
      name: schedules.name,
    })
    .from(scheduleExecutions)
    .innerJoin(schedules, eq(schedules.id, scheduleExecutions.schedule_id))
    .where(
      or(
        inArray(scheduleExecutions.run_id, runIds),
        executionIds.length > 0
          ? and(
              isNotNull(scheduleExecutions.execution_id),
              inArray(scheduleExecutions.execution_id, executionIds),
            )
          : undefined,
      ),
    );
  for (const row of rows) {
    const match = matches.find(
      (candidate) =>
        candidate.runId === row.id ||
        (row.execution_id !== null && candidate.executionId === row.execution_id),
    );
    if (match) found.set(row.id, { id: match.id, name: match.name });
  }
  return found;
}
