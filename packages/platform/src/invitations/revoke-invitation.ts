import { isUuid } from '@renum/contracts';
import { invitations, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { invitationNotFound } from './invitation-rules.ts';

/** Revokes an invitation that was not accepted yet; its link stops working at once. */
export async function revokeInvitation(
  deps: PlatformDeps,
  options: { principal: Principal; invitationId: string },
): Promise<void> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  if (!isUuid(options.invitationId)) throw invitationNotFound();
  await withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revoked_at: deps.clock() })
      .where(
        and(
          eq(invitations.id, options.invitationId),
          isNull(invitations.accepted_at),
          isNull(invitations.revoked_at),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw invitationNotFound();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'invitation.revoke',
        targetType: 'invitation',
        targetId: row.id,
        clientId,
        data: { email: row.email },
      },
    });
  });
}
