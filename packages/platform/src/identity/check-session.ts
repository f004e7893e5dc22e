import { AppError } from '@renum/contracts';
import { clients, memberships, refreshTokens, users, withPlatform } from '@renum/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { AccessClaims } from './access-tokens.ts';
import type { SessionKey, SessionState } from './session-cache.ts';

/**
 * Checks a verified access token against what the database says now: its session not revoked (logout,
 * refresh-token reuse, removal from the client), the person's role in its client and their platform
 * role unchanged, its client not suspended. Answered from `deps.sessionCache` when it holds the
 * session, else by one platform-scoped query. A changed role is `401 AUTH_ERROR`, so a client
 * refreshes and gets a token with the new role; a suspended client is `403 CLIENT_SUSPENDED` (except
 * for platform admins).
 */
export async function checkSession(deps: PlatformDeps, claims: AccessClaims, now: Date): Promise<void> {
  const key: SessionKey = { sessionId: claims.sessionId, userId: claims.userId, clientId: claims.clientId };
  const read = () => readSessionState(deps, key);
  const state = await (deps.sessionCache ? deps.sessionCache.load(key, now.getTime(), read) : read());
  if (!state?.live) throw new AppError('AUTH_ERROR', 'The session has ended; log in again');
  if (state.platformRole !== claims.platformRole) {
    throw new AppError('AUTH_ERROR', 'Your platform role changed; refresh the session');
  }
  if (!claims.clientId) return;
  if (!state.role || !state.clientStatus) {
    throw new AppError('AUTH_ERROR', 'You are no longer a member of this client');
  }
  if (state.role !== claims.role) {
    throw new AppError('AUTH_ERROR', 'Your role in this client changed; refresh the session');
  }
  if (state.clientStatus === 'suspended' && claims.platformRole !== 'admin') {
    throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
  }
}

/** One statement: the person, their membership in the client, the client, and whether the session lives. */
async function readSessionState(deps: PlatformDeps, key: SessionKey): Promise<SessionState | undefined> {
  const clientId = key.clientId;
  const [row] = await withPlatform(deps.db, (tx) =>
    tx
      .select({
        platformRole: users.platform_role,
        role: memberships.role,
        clientStatus: clients.status,
        live: sql<boolean>`exists (select 1 from ${refreshTokens} where ${and(
          eq(refreshTokens.family_id, key.sessionId),
          eq(refreshTokens.user_id, key.userId),
          isNull(refreshTokens.revoked_at),
        )})`.mapWith(Boolean),
      })
      .from(users)
      .leftJoin(
        memberships,
        clientId ? and(eq(memberships.user_id, users.id), eq(memberships.client_id, clientId)) : sql`false`,
      )
      .leftJoin(clients, clientId ? eq(clients.id, clientId) : sql`false`)
      .where(eq(users.id, key.userId)),
  );
  return row;
}
