import type { ListSchedulesQuery } from '@renum/contracts';
import { schedules, withClient } from '@renum/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage } from '../wire.ts';
import { scheduleToWire } from './schedule-wire.ts';

/** A page of the caller's schedules, newest first, optionally only enabled (or paused) ones or one agent's. */
export async function listSchedules(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListSchedulesQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.enabled) conditions.push(eq(schedules.enabled, query.enabled === 'true'));
  if (query.agent_id) conditions.push(eq(schedules.agent_id, query.agent_id.toLowerCase()));
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(schedules.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(schedules)
      .where(and(...conditions))
      .orderBy(desc(schedules.id))
      .limit(query.limit + 1),
  );
  const now = deps.clock();
  return toPage(rows, query.limit, (row) => scheduleToWire(row, now));
}
