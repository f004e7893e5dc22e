import { randomBytes } from 'node:crypto';
import { AppError, type Invitation } from '@renum/contracts';
import type { invitations } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';

/** Visible start of every invitation token, like `rk_` for API keys. */
export const invitationTokenPrefix = 'inv_';

/** Life of an invitation when `deps.auth.invitationTtlSeconds` is unset: 7 days. */
export const defaultInvitationTtlSeconds = 7 * 24 * 60 * 60;

/** A new invitation token: 32 random bytes, shown once and stored only as its SHA-256. */
export function newInvitationToken(): string {
  return `${invitationTokenPrefix}${randomBytes(32).toString('base64url')}`;
}

/** When an invitation created at `now` stops being accepted. */
export function invitationExpiry(deps: PlatformDeps, now: Date): Date {
  const seconds = deps.auth.invitationTtlSeconds ?? defaultInvitationTtlSeconds;
  return new Date(now.getTime() + seconds * 1000);
}

/** The web page that accepts `token` (the token in the query, URL-encoded). */
export function acceptUrl(deps: PlatformDeps, token: string): string {
  return `${deps.publicUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
}

/**
 * The one answer for an invitation that does not exist, is another client's, was revoked or used, or is
 * addressed to another account: none of them tells the caller anything more.
 */
export function invitationNotFound(): AppError {
  return new AppError('INVITATION_NOT_FOUND', 'Invitation not found');
}

/** The person behind an access token; API keys cannot accept invitations (`403 FORBIDDEN`). */
export function requirePerson(principal: Principal): { userId: string } {
  if (principal.kind !== 'user' || !principal.userId)
    throw new AppError('FORBIDDEN', 'This action needs a signed-in person, not an API key');
  return { userId: principal.userId };
}

/** Where an invitation row stands at `now`. */
export function invitationStatus(row: typeof invitations.$inferSelect, now: Date): Invitation['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** An invitation row as the inviting client sees it (never the token hash). */
export function invitationToWire(row: typeof invitations.$inferSelect, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}
