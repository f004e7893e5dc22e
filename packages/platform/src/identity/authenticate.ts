import { AppError } from '@renum/contracts';
import { apiKeys, clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, refuseViewAsWrite } from '../principal.ts';
import { authenticateViewAs } from '../view-as/authenticate-view-as.ts';
import { verifyAccessToken } from './access-tokens.ts';
import { checkSession } from './check-session.ts';
import { hashToken } from './sessions.ts';

/** Prefix of every Renum API key; tells a key from a JWT at a glance. */
export const apiKeyPrefix = 'rk_';

const lastUsedWriteIntervalMs = 60_000;

/**
 * Resolves a bearer credential (access token or API key) to a principal. Unknown, tampered,
 * expired or revoked credentials are `401 AUTH_ERROR`, and so is an access token whose session was
 * revoked or whose roles changed since it was issued (see {@link checkSession}); a suspended client
 * is `403 CLIENT_SUSPENDED`. A view-as token is refused (`403 VIEW_AS_READ_ONLY`) unless `access` is
 * `read`: the HTTP layer says so for GET and HEAD only.
 */
export async function authenticate(
  deps: PlatformDeps,
  options: { credential: string; access?: 'read' | 'write' },
): Promise<Principal> {
  const now = deps.clock();
  if (options.credential.startsWith(apiKeyPrefix)) return authenticateApiKey(deps, options.credential, now);
  const claims = await verifyAccessToken(deps.auth, options.credential, now);
  if (claims.viewAsToken) {
    // Read-only unless the caller says the request only reads (safe by default: WebSocket, MCP).
    const principal = await authenticateViewAs(deps, claims, now);
    if (options.access !== 'read') refuseViewAsWrite(principal);
    return principal;
  }
  await checkSession(deps, claims, now);
  return {
    kind: 'user',
    userId: claims.userId,
    apiKeyId: null,
    clientId: claims.clientId,
    role: claims.role,
    platformRole: claims.platformRole,
    sessionId: claims.sessionId,
  };
}

async function authenticateApiKey(deps: PlatformDeps, secret: string, now: Date): Promise<Principal> {
  return withPlatform(deps.db, async (tx) => {
    const [row] = await tx
      .select({ key: apiKeys, clientStatus: clients.status })
      .from(apiKeys)
      .innerJoin(clients, eq(clients.id, apiKeys.client_id))
      .where(eq(apiKeys.key_hash, hashToken(secret)));
    if (!row || row.key.revoked_at || (row.key.expires_at && row.key.expires_at <= now)) {
      throw new AppError('AUTH_ERROR', 'Invalid or revoked API key');
    }
    if (row.clientStatus === 'suspended') throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
    if (!row.key.last_used_at || now.getTime() - row.key.last_used_at.getTime() > lastUsedWriteIntervalMs) {
      await tx.update(apiKeys).set({ last_used_at: now }).where(eq(apiKeys.id, row.key.id));
    }
    return {
      kind: 'api_key',
      userId: null,
      apiKeyId: row.key.id,
      clientId: row.key.client_id,
      role: row.key.role,
      platformRole: 'none',
    };
  });
}
