import { AppError } from '@renum/contracts';
import { refreshTokens, users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { hashToken, issueSession, pickMembership, revokeFamily } from './sessions.ts';

const invalid = () => new AppError('AUTH_ERROR', 'Invalid or expired refresh token');

/** Only "no longer a member" means null; a database failure propagates and revokes nothing. */
function noMembership(error: unknown): null {
  if (error instanceof AppError && error.code === 'AUTH_ERROR') return null;
  throw error;
}

/**
 * Exchanges a refresh token for a new pair (rotation). A token presented a second time means it
 * leaked: the whole session family is revoked, its access tokens included, and both holders must log
 * in again.
 */
export async function refreshSession(deps: PlatformDeps, options: { refreshToken: string }) {
  const now = deps.clock();
  const outcome = await withPlatform(deps.db, async (tx) => {
    const [token] = await tx
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.token_hash, hashToken(options.refreshToken)))
      .for('update');
    if (!token || token.revoked_at || token.expires_at <= now) return { error: invalid() };
    if (token.used_at) {
      await revokeFamily(tx, token.family_id, now);
      return {
        error: new AppError('AUTH_ERROR', 'Refresh token reuse detected; the session was revoked'),
        revoked: token.family_id,
      };
    }
    await tx.update(refreshTokens).set({ used_at: now }).where(eq(refreshTokens.id, token.id));
    const [user] = await tx
      .select({ platformRole: users.platform_role })
      .from(users)
      .where(eq(users.id, token.user_id));
    if (!user) return { error: invalid() };
    const membership = token.client_id
      ? await pickMembership(tx, token.user_id, token.client_id).catch(noMembership)
      : null;
    if (token.client_id && !membership) {
      await revokeFamily(tx, token.family_id, now);
      return { error: invalid(), revoked: token.family_id };
    }
    if (membership?.status === 'suspended')
      return { error: new AppError('CLIENT_SUSPENDED', 'This client is suspended') };
    const session = await issueSession(deps, tx, {
      subject: {
        userId: token.user_id,
        clientId: membership?.clientId ?? null,
        role: membership?.role ?? null,
        platformRole: user.platformRole,
      },
      familyId: token.family_id,
    });
    return { session };
  });
  // Thrown after the commit, so a revoked family stays revoked; its access tokens stop working here at once.
  if ('revoked' in outcome && outcome.revoked) deps.sessionCache?.forgetSession(outcome.revoked);
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}
