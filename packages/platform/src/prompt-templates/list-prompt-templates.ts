import type { ListPromptTemplatesQuery } from '@renum/contracts';
import { promptTemplates, withClient } from '@renum/db';
import { and, desc, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

/** A page of the caller's prompt templates, newest first, filtered by a name/description search. */
export async function listPromptTemplates(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListPromptTemplatesQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    conditions.push(or(ilike(promptTemplates.name, pattern), ilike(promptTemplates.description, pattern))!);
  }
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(promptTemplates.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(promptTemplates)
      .where(and(...conditions))
      .orderBy(desc(promptTemplates.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, toWire);
}
