import type { PageQuery } from '@renum/contracts';
import { teams, withClient } from '@renum/db';
import { desc, lt } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { decodeCursor, encodeCursor } from '../wire.ts';
import { teamToWire } from './team-rows.ts';

/** The caller's client's teams, newest first, a page at a time. */
export async function listTeams(deps: PlatformDeps, options: { principal: Principal; query: PageQuery }) {
  const { clientId } = requireClient(options.principal);
  const { cursor, limit } = options.query;
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(teams)
      .where(after ? lt(teams.id, after) : undefined)
      .orderBy(desc(teams.id))
      .limit(limit + 1),
  );
  const page = rows.slice(0, limit);
  return {
    data: page.map(teamToWire),
    next_cursor: rows.length > limit && page.length > 0 ? encodeCursor(page.at(-1)!.id) : null,
  };
}
