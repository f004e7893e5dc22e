import { memberships, refreshTokens, withClient, withPlatform } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertMayAssign, assertNotLastOwner, loadMembership } from './member-rules.ts';

/** Removes a person from the client and ends their sessions in it, access tokens included. */
export async function removeMember(deps: PlatformDeps, options: { principal: Principal; userId: string }) {
  const { clientId, role: actorRole } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const membership = await loadMembership(tx, clientId, options.userId);
    assertMayAssign(actorRole, [membership.role]);
    if (membership.role === 'owner') await assertNotLastOwner(tx, clientId, membership.user_id);
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'member.remove', targetType: 'user', targetId: membership.user_id, clientId },
    });
  });
  await withPlatform(deps.db, (tx) =>
    tx
      .update(refreshTokens)
      .set({ revoked_at: deps.clock() })
      .where(
        and(
          eq(refreshTokens.client_id, clientId),
          eq(refreshTokens.user_id, options.userId),
          isNull(refreshTokens.revoked_at),
        ),
      ),
  );
  // After both commits: their access tokens stop working in this process at once.
  deps.sessionCache?.forgetUser(options.userId);
}
