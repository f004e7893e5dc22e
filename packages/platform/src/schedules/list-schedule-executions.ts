import type { ListScheduleExecutionsQuery, ScheduleExecution } from '@renum/contracts';
import { runs, scheduleExecutions, teamExecutions, withClient } from '@renum/db';
import { and, desc, eq, getTableColumns, lt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage, toWire } from '../wire.ts';
import { loadSchedule } from './schedule-id.ts';

/** A page of a schedule's history, newest first, each tick with its run or team execution and its status. */
export async function listScheduleExecutions(
  deps: PlatformDeps,
  options: { principal: Principal; scheduleId: string; query: ListScheduleExecutionsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const after = cursorId(options.query.cursor);
  const rows = await withClient(deps.db, clientId, async (tx) => {
    const schedule = await loadSchedule(tx, options.scheduleId);
    const conditions: SQL[] = [eq(scheduleExecutions.schedule_id, schedule.id)];
    if (after) conditions.push(lt(scheduleExecutions.id, after));
    return tx
      .select({
        ...getTableColumns(scheduleExecutions),
        run_status: runs.status,
        execution_status: teamExecutions.status,
      })
      .from(scheduleExecutions)
      .leftJoin(runs, eq(runs.id, scheduleExecutions.run_id))
      .leftJoin(teamExecutions, eq(teamExecutions.id, scheduleExecutions.execution_id))
      .where(and(...conditions))
      .orderBy(desc(scheduleExecutions.id))
      .limit(options.query.limit + 1);
  });
  return toPage(rows, options.query.limit, (row): ScheduleExecution => {
    const { client_id: _client, ...rest } = toWire(row);
    return { ...rest, run_status: row.run_status ?? null, execution_status: row.execution_status ?? null };
  });
}
