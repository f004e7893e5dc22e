import { type AcceptedInvitation, AppError } from '@renum/contracts';
import { clients, invitations, memberships, type Transaction } from '@renum/db';
import { and, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { invitationNotFound } from './invitation-rules.ts';

/** Which invitation to claim: by its token's hash (a link) or by id (the person's own list). */
export type InvitationMatch = { tokenHash: string } | { id: string };

function matchCondition(match: InvitationMatch): SQL {
  return 'tokenHash' in match ? eq(invitations.token_hash, match.tokenHash) : eq(invitations.id, match.id);
}

/**
 * Marks the pending invitation that matches and is addressed to `email` as accepted by `userId`, in one
 * conditional UPDATE: of two accepts at once, Postgres lets one change the row and the other finds it
 * accepted, so an invitation is used once. Only the addressee learns that it expired
 * (`400 INVITATION_EXPIRED`); everything else is `404 INVITATION_NOT_FOUND`.
 */
export async function claimInvitation(
  deps: PlatformDeps,
  tx: Transaction,
  options: { match: InvitationMatch; email: string; userId: string },
) {
  const now = deps.clock();
  const addressed = and(matchCondition(options.match), eq(invitations.email, options.email));
  const [claimed] = await tx
    .update(invitations)
    .set({ accepted_at: now, accepted_by: options.userId })
    .where(
      and(
        addressed,
        isNull(invitations.accepted_at),
        isNull(invitations.revoked_at),
        gt(invitations.expires_at, now),
      ),
    )
    .returning();
  if (claimed) return claimed;
  const [open] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(addressed, isNull(invitations.accepted_at), isNull(invitations.revoked_at)));
  if (open) throw new AppError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one');
  throw invitationNotFound();
}

/**
 * Makes the person a member of the claimed invitation's client with its role, audited as
 * `invitation.accept`. Already a member there: `409 CONFLICT`, and the caller's transaction (claim
 * included) rolls back.
 */
export async function joinInvitedClient(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    invitation: typeof invitations.$inferSelect;
    userId: string;
    actor: Principal;
    data?: Record<string, unknown>;
  },
): Promise<AcceptedInvitation> {
  const { invitation, userId } = options;
  const [membership] = await tx
    .insert(memberships)
    .values({ id: deps.newId(), client_id: invitation.client_id, user_id: userId, role: invitation.role })
    .onConflictDoNothing({ target: [memberships.client_id, memberships.user_id] })
    .returning();
  if (!membership) throw new AppError('CONFLICT', 'You are already a member of this client');
  const [client] = await tx
    .select({ name: clients.name })
    .from(clients)
    .where(eq(clients.id, invitation.client_id));
  await recordAudit(tx, {
    id: deps.newId(),
    actor: options.actor,
    entry: {
      action: 'invitation.accept',
      targetType: 'invitation',
      targetId: invitation.id,
      clientId: invitation.client_id,
      data: { role: invitation.role, user_id: userId, ...options.data },
    },
  });
  return {
    invitation_id: invitation.id,
    client_id: invitation.client_id,
    client_name: client?.name ?? '',
    role: membership.role,
    joined_at: membership.created_at.toISOString(),
  };
}
