import { AppError } from '@renum/contracts';
import { users, viewAsSessions, withPlatform } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import type { AccessClaims } from '../identity/access-tokens.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { expireViewAsSessions } from './expire-view-as.ts';

/**
 * Resolves a view-as token (ADR 0040) to a read-only principal of the viewed client: its session row
 * must be the token's (same admin, same client), not ended, not expired by the server's clock, and the
 * admin must still be a platform admin. The first request after expiry closes the session and audits
 * its expiry (`admin.view_as.expired`, once). The principal reads as a client `admin` and is never a platform
 * admin, so the admin API refuses it. Anything else is `401 AUTH_ERROR`.
 */
export async function authenticateViewAs(
  deps: PlatformDeps,
  claims: AccessClaims,
  now: Date,
): Promise<Principal> {
  const [row] = await withPlatform(deps.db, (tx) =>
    tx
      .select({ session: viewAsSessions, platformRole: users.platform_role })
      .from(viewAsSessions)
      .innerJoin(users, eq(users.id, viewAsSessions.admin_user_id))
      .where(and(eq(viewAsSessions.id, claims.sessionId), eq(viewAsSessions.admin_user_id, claims.userId))),
  );
  const session = row?.session;
  if (!session || session.client_id !== claims.clientId || row.platformRole !== 'admin') {
    throw new AppError('AUTH_ERROR', 'The view-as session is not valid');
  }
  if (!session.ended_at && session.expires_at <= now)
    await expireViewAsSessions(deps, { now, sessionId: session.id });
  if (session.ended_at || session.expires_at <= now) {
    throw new AppError('AUTH_ERROR', 'The view-as session has ended');
  }
  return {
    kind: 'user',
    userId: claims.userId,
    apiKeyId: null,
    clientId: session.client_id,
    role: 'admin',
    platformRole: 'none',
    sessionId: session.id,
    viewAs: { sessionId: session.id, expiresAt: session.expires_at, reason: session.reason },
  };
}
