import type { MemberRole } from '@renum/contracts';
import { memberships, users, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertMayAssign, assertNotLastOwner, loadMembership } from './member-rules.ts';

/**
 * Changes a member's role; never leaves the client without an owner. Their access tokens carrying the
 * old role are refused (401), so their client refreshes the session and gets the new role.
 */
export async function updateMemberRole(
  deps: PlatformDeps,
  options: { principal: Principal; userId: string; role: MemberRole },
) {
  const { clientId, role: actorRole } = requireRole(options.principal, ['owner', 'admin']);
  const member = await withClient(deps.db, clientId, async (tx) => {
    const membership = await loadMembership(tx, clientId, options.userId);
    assertMayAssign(actorRole, [membership.role, options.role]);
    if (membership.role === 'owner' && options.role !== 'owner')
      await assertNotLastOwner(tx, clientId, membership.user_id);
    const [row] = await tx
      .update(memberships)
      .set({ role: options.role })
      .where(eq(memberships.id, membership.id))
      .returning();
    const [user] = await tx
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, row!.user_id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'member.role_change',
        targetType: 'user',
        targetId: row!.user_id,
        clientId,
        data: { from: membership.role, to: options.role },
      },
    });
    return {
      user_id: row!.user_id,
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: row!.role,
      created_at: row!.created_at.toISOString(),
    };
  });
  // After the commit: their access tokens (with the old role) are refused in this process at once.
  deps.sessionCache?.forgetUser(options.userId);
  return member;
}
