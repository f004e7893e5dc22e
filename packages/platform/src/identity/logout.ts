import { refreshTokens, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { hashToken, revokeFamily } from './sessions.ts';

/**
 * Ends the session the refresh token belongs to, its access tokens included; an unknown token is
 * ignored (idempotent).
 */
export async function logout(deps: PlatformDeps, options: { refreshToken: string }): Promise<void> {
  const familyId = await withPlatform(deps.db, async (tx) => {
    const [token] = await tx
      .select({ familyId: refreshTokens.family_id })
      .from(refreshTokens)
      .where(eq(refreshTokens.token_hash, hashToken(options.refreshToken)));
    if (token) await revokeFamily(tx, token.familyId, deps.clock());
    return token?.familyId;
  });
  // After the commit: the session's access tokens stop working in this process at once.
  if (familyId) deps.sessionCache?.forgetSession(familyId);
}
