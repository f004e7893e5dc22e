import type { PageQuery } from '@renum/contracts';
import { teamAgentExecutions, teamExecutions, withClient } from '@renum/db';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { decodeCursor, encodeCursor } from '../wire.ts';
import { executionRowToWire, stepToWire } from './execution-wire.ts';
import { loadTeam } from './team-rows.ts';

/** A team's executions, newest first, each with its steps (`404 TEAM_NOT_FOUND` for another client's team). */
export async function listExecutions(
  deps: PlatformDeps,
  options: { principal: Principal; teamId: string; query: PageQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { cursor, limit } = options.query;
  const after = cursor ? decodeCursor(cursor) : null;
  return withClient(deps.db, clientId, async (tx) => {
    const team = await loadTeam(tx, options.teamId);
    const rows = await tx
      .select()
      .from(teamExecutions)
      .where(and(eq(teamExecutions.team_id, team.id), after ? lt(teamExecutions.id, after) : undefined))
      .orderBy(desc(teamExecutions.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const steps =
      page.length === 0
        ? []
        : await tx
            .select()
            .from(teamAgentExecutions)
            .where(
              inArray(
                teamAgentExecutions.execution_id,
                page.map((row) => row.id),
              ),
            )
            .orderBy(asc(teamAgentExecutions.step_index));
    return {
      data: page.map((row) => ({
        ...executionRowToWire(row),
        steps: steps.filter((step) => step.execution_id === row.id).map(stepToWire),
      })),
      next_cursor: rows.length > limit && page.length > 0 ? encodeCursor(page.at(-1)!.id) : null,
    };
  });
}
