import { memberships, users, withClient } from '@renum/db';
import { asc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';

/** The people of the caller's client with their roles. */
export async function listMembers(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireClient(options.principal);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select({
        user_id: users.id,
        email: users.email,
        name: users.name,
        role: memberships.role,
        created_at: memberships.created_at,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.user_id))
      .orderBy(asc(memberships.created_at)),
  );
  return { data: rows.map(toWire) };
}
