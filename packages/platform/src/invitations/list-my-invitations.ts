import type { MyInvitation } from '@renum/contracts';
import { clients, invitations, users, withPlatform } from '@renum/db';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { requirePerson } from './invitation-rules.ts';

/**
 * Pending invitations addressed to the signed-in person's email, with the inviting client's name and the
 * inviter's name, oldest first. Platform scope: they belong to clients the person is not in yet.
 */
export async function listMyInvitations(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ data: MyInvitation[] }> {
  const { userId } = requirePerson(options.principal);
  const now = deps.clock();
  return withPlatform(deps.db, async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) return { data: [] };
    const rows = await tx
      .select({
        id: invitations.id,
        client_id: invitations.client_id,
        client_name: clients.name,
        role: invitations.role,
        inviter_name: users.name,
        created_at: invitations.created_at,
        expires_at: invitations.expires_at,
      })
      .from(invitations)
      .innerJoin(clients, eq(clients.id, invitations.client_id))
      .leftJoin(users, eq(users.id, invitations.invited_by))
      .where(
        and(
          eq(invitations.email, user.email),
          isNull(invitations.accepted_at),
          isNull(invitations.revoked_at),
          gt(invitations.expires_at, now),
        ),
      )
      .orderBy(asc(invitations.created_at), asc(invitations.id));
    return {
      data: rows.map((row) => ({
        ...row,
        created_at: row.created_at.toISOString(),
        expires_at: row.expires_at.toISOString(),
      })),
    };
  });
}
