import { clients, memberships, users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { toWire } from '../wire.ts';
import { publicUserColumns } from './public-user-columns.ts';

/** Who the caller is: person (if any), current client, role, and every client they belong to. */
export async function getMe(deps: PlatformDeps, options: { principal: Principal }) {
  const { principal } = options;
  return withPlatform(deps.db, async (tx) => {
    const [user] = principal.userId
      ? await tx.select(publicUserColumns).from(users).where(eq(users.id, principal.userId))
      : [];
    const [client] = principal.clientId
      ? await tx.select().from(clients).where(eq(clients.id, principal.clientId))
      : [];
    // A view-as session belongs to the viewed client only: the admin's own memberships stay out of it.
    const rows = principal.viewAs
      ? client
        ? [{ client_id: client.id, client_name: client.name, role: 'admin' as const }]
        : []
      : principal.userId
        ? await tx
            .select({ client_id: memberships.client_id, client_name: clients.name, role: memberships.role })
            .from(memberships)
            .innerJoin(clients, eq(clients.id, memberships.client_id))
            .where(eq(memberships.user_id, principal.userId))
            .orderBy(memberships.created_at)
        : [];
    return {
      user: user ? toWire(user) : null,
      client: client ? toWire(client) : null,
      role: principal.role,
      auth: principal.kind,
      memberships: rows,
      view_as: principal.viewAs
        ? {
            session_id: principal.viewAs.sessionId,
            reason: principal.viewAs.reason,
            expires_at: principal.viewAs.expiresAt.toISOString(),
          }
        : null,
    };
  });
}
