import type { ListContactsQuery } from '@renum/contracts';
import { contacts, withClient } from '@renum/db';
import { and, desc, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, escapeLike, toPage, toWire } from '../wire.ts';

/**
 * A page of the caller's contacts, newest first. `q` matches part of the name, phone, email or external
 * id (case-insensitive). Row-level security keeps it to the caller's client.
 */
export async function listContacts(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListContactsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(
      or(
        ilike(contacts.name, pattern),
        ilike(contacts.phone, pattern),
        ilike(contacts.email, pattern),
        ilike(contacts.external_id, pattern),
      )!,
    );
  }
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(contacts.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(contacts)
      .where(and(...conditions))
      .orderBy(desc(contacts.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, toWire);
}
