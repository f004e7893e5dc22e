import { AppError, type CreatedInvitation, isUuid } from '@renum/contracts';
import { clients, invitations, memberships, users, withPlatform } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashToken } from '../identity/sessions.ts';
import {
  acceptUrl,
  invitationExpiry,
  invitationToWire,
  newInvitationToken,
} from '../invitations/invitation-rules.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';

/**
 * Invites the owner of a client (platform admins only; audited as `admin.clients.invite_owner` in the
 * client's log): an invitation with the `owner` role, accepted like any other (sign up or log in through
 * the link). An open invitation to the same email there is replaced; a member already there is
 * `409 CONFLICT`. The token is answered once.
 */
export async function inviteClientOwner(
  deps: PlatformDeps,
  options: { principal: Principal; clientId: string; email: string },
): Promise<CreatedInvitation> {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('CLIENT_NOT_FOUND', 'Client not found', {
    context: { client_id: options.clientId },
  });
  if (!isUuid(options.clientId)) throw notFound;
  const email = options.email.trim().toLowerCase();
  const token = newInvitationToken();
  const now = deps.clock();
  const row = await withPlatform(deps.db, async (tx) => {
    const [client] = await tx
      .select({ id: clients.id })
      .from(clients)
      .where(eq(clients.id, options.clientId));
    if (!client) throw notFound;
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.user_id))
      .where(and(eq(memberships.client_id, client.id), eq(users.email, email)));
    if (member)
      throw new AppError('CONFLICT', 'This person is already a member', { context: { field: 'email' } });
    await tx
      .update(invitations)
      .set({ revoked_at: now })
      .where(
        and(
          eq(invitations.client_id, client.id),
          eq(invitations.email, email),
          isNull(invitations.accepted_at),
          isNull(invitations.revoked_at),
        ),
      );
    const [created] = await tx
      .insert(invitations)
      .values({
        id: deps.newId(),
        client_id: client.id,
        email,
        role: 'owner',
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
        action: 'admin.clients.invite_owner',
        targetType: 'invitation',
        targetId: created!.id,
        clientId: client.id,
        data: { email },
      },
    });
    return created!;
  });
  return { invitation: invitationToWire(row, now), token, accept_url: acceptUrl(deps, token) };
}
