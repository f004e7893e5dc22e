import type { ListAgentsQuery } from '@renum/contracts';
import { agents, withClient } from '@renum/db';
import { and, desc, eq, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, escapeLike, toPage } from '../wire.ts';
import { agentToWire } from './agent-tools.ts';

/** A page of the caller's agents, newest first, filtered by status and a name/description search. */
export async function listAgents(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListAgentsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(agents.status, query.status));
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    conditions.push(
      or(ilike(agents.name, pattern), ilike(agents.description, pattern), ilike(agents.slug, pattern))!,
    );
  }
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(agents.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(agents)
      .where(and(...conditions))
      .orderBy(desc(agents.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, agentToWire);
}
