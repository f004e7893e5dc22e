import { AppError, type CreatedInvitation, type CreateInvitation } from '@renum/contracts';
import { invitations, isUniqueViolation, memberships, type Transaction, users, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashToken } from '../identity/sessions.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { acceptUrl, invitationExpiry, invitationToWire, newInvitationToken } from './invitation-rules.ts';

/** `409 CONFLICT` when `email` is already a member; RLS shows this client's members only. */
async function assertNotMember(tx: Transaction, email: string): Promise<void> {
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.user_id))
    .where(eq(users.email, email));
  if (member)
    throw new AppError('CONFLICT', 'This person is already a member', { context: { field: 'email' } });
}

/**
 * Invites an email to the caller's client with a role. Runs in the client's scope, where accounts that
 * are not members are invisible, so the answer cannot depend on whether the email has an account.
 * An open invitation to the same email is revoked and replaced. The token is answered once.
 */
export async function createInvitation(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateInvitation },
): Promise<CreatedInvitation> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const { email, role } = options.input;
  const token = newInvitationToken();
  const now = deps.clock();
  const row = await withClient(deps.db, clientId, async (tx) => {
    await assertNotMember(tx, email);
    const replaced = await tx
      .update(invitations)
      .set({ revoked_at: now })
      .where(
        and(eq(invitations.email, email), isNull(invitations.accepted_at), isNull(invitations.revoked_at)),
      )
      .returning({ id: invitations.id });
    const [created] = await tx
      .insert(invitations)
      .values({
        id: deps.newId(),
        client_id: clientId,
        email,
        role,
        token_hash: hashToken(token),
        invited_by: options.principal.userId,
        created_at: now,
        expires_at: invitationExpiry(deps, now),
      })
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'invitation.create',
        targetType: 'invitation',
        targetId: created!.id,
        clientId,
        data: { email, role, replaced: replaced.map((invitation) => invitation.id) },
      },
    });
    return created!;
  }).catch((error: unknown) => {
    if (isUniqueViolation(error, 'idx_invitations_one_open'))
      throw new AppError('CONFLICT', 'This email is being invited by another request; try again', {
        context: { field: 'email' },
        cause: error,
      });
    throw error;
  });
  return { invitation: invitationToWire(row, now), token, accept_url: acceptUrl(deps, token) };
}
