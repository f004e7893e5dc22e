import { AppError, type ListRunsQuery } from '@renum/contracts';
import { runs, withClient } from '@renum/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { decodeCursor, toPage } from '../wire.ts';
import { runSchedules } from './run-schedules.ts';
import { runNames } from './run-summaries.ts';
import { runToWire } from './run-wire.ts';

/**
 * A page of the caller's runs, newest first (ids are UUIDv7, so id order is start order), filtered by
 * agent, conversation or status, each with the schedule that started it, its agent's and sub-agent's
 * names and the start of the message it answered. Row-level security keeps it to
 * the caller's client.
 */
export async function listRuns(deps: PlatformDeps, options: { principal: Principal; query: ListRunsQuery }) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.agent_id) conditions.push(eq(runs.agent_id, query.agent_id.toLowerCase()));
  if (query.conversation_id) conditions.push(eq(runs.conversation_id, query.conversation_id.toLowerCase()));
  if (query.status) conditions.push(eq(runs.status, query.status));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    if (!after) throw new AppError('VALIDATION_ERROR', 'Invalid cursor', { context: { field: 'cursor' } });
    conditions.push(lt(runs.id, after));
  }
  const { rows, scheduled, names } = await withClient(deps.db, clientId, async (tx) => {
    const rows = await tx
      .select()
      .from(runs)
      .where(and(...conditions))
      .orderBy(desc(runs.id))
      .limit(query.limit + 1);
    const shown = rows.slice(0, query.limit);
    return { rows, scheduled: await runSchedules(tx, shown), names: await runNames(tx, shown) };
  });
  return toPage(rows, query.limit, (row) => ({
    ...runToWire(row, scheduled.get(row.id) ?? null),
    ...names.get(row.id)!, // every row shown has its names
  }));
}
