import { AppError, type InvitationPreview } from '@renum/contracts';
import { clients, invitations, users, withPlatform } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import { hashToken } from '../identity/sessions.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { invitationNotFound } from './invitation-rules.ts';

/**
 * `POST /v1/invitations/preview`: the client, role and inviter of a link's pending invitation, for the
 * page that accepts it, before anyone signs in. An accepted, revoked or unknown token is `404
 * INVITATION_NOT_FOUND`, an expired one `400 INVITATION_EXPIRED`; attempts are limited per IP.
 */
export async function previewInvitation(
  deps: PlatformDeps,
  options: { token: string; ip?: string | undefined },
): Promise<InvitationPreview> {
  const limit = await deps.rateLimiter.hit({
    key: `invitation-preview:ip:${options.ip ?? 'unknown'}`,
    limit: deps.auth.loginMaxPerIp,
    windowSeconds: deps.auth.loginWindowSeconds,
  });
  if (!limit.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many attempts; try again later', {
      context: { retry_after: limit.retryAfterSeconds },
    });
  }
  const [row] = await withPlatform(deps.db, (tx) =>
    tx
      .select({
        client_name: clients.name,
        role: invitations.role,
        inviter_name: users.name,
        expires_at: invitations.expires_at,
      })
      .from(invitations)
      .innerJoin(clients, eq(clients.id, invitations.client_id))
      .leftJoin(users, eq(users.id, invitations.invited_by))
      .where(
        and(
          eq(invitations.token_hash, hashToken(options.token)),
          isNull(invitations.accepted_at),
          isNull(invitations.revoked_at),
        ),
      ),
  );
  if (!row) throw invitationNotFound();
  if (row.expires_at <= deps.clock()) {
    throw new AppError('INVITATION_EXPIRED', 'This invitation has expired; ask for a new one');
  }
  return { ...row, role: row.role as InvitationPreview['role'], expires_at: row.expires_at.toISOString() };
}
