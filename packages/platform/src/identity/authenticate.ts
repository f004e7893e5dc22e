import { AppError } from '@renum/contracts';
import { apiKeys, clients, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { verifyAccessToken } from './access-tokens.ts';
import { hashToken } from './sessions.ts';

/** Prefix of every Renum API key; tells a key from a JWT at a glance. */
export const apiKeyPrefix = 'rk_';

const statusCacheMs = 1000;
const lastUsedWriteIntervalMs = 60_000;

/** Keeps a client's status for a second, so authentication costs no query on most requests. */
export interface ClientStatusCache {
  get(clientId: string, now: number): 'active' | 'suspended' | undefined;
  set(clientId: string, status: 'active' | 'suspended', now: number): void;
  forget(clientId: string): void;
}

/** A small in-process cache of client statuses. */
export function createClientStatusCache(): ClientStatusCache {
  const entries = new Map<string, { status: 'active' | 'suspended'; expiresAt: number }>();
  return {
    get(clientId, now) {
      const entry = entries.get(clientId);
      return entry && entry.expiresAt > now ? entry.status : undefined;
    },
    set(clientId, status, now) {
      if (entries.size > 10_000) entries.clear();
      entries.set(clientId, { status, expiresAt: now + statusCacheMs });
    },
    forget(clientId) {
      entries.delete(clientId);
    },
  };
}

/**
 * Resolves a bearer credential (access token or API key) to a principal. Unknown, tampered,
 * expired or revoked credentials are `401 AUTH_ERROR`; a suspended client is `403 CLIENT_SUSPENDED`.
 */
export async function authenticate(
  deps: PlatformDeps,
  options: { credential: string; statusCache: ClientStatusCache },
): Promise<Principal> {
  const now = deps.clock();
  if (options.credential.startsWith(apiKeyPrefix)) return authenticateApiKey(deps, options.credential, now);
  const claims = await verifyAccessToken(deps.auth, options.credential, now);
  if (claims.clientId) {
    let status = options.statusCache.get(claims.clientId, now.getTime());
    if (!status) {
      const [client] = await withPlatform(deps.db, (tx) =>
        tx.select({ status: clients.status }).from(clients).where(eq(clients.id, claims.clientId!)),
      );
      if (!client) throw new AppError('AUTH_ERROR', 'Invalid or expired token');
      status = client.status;
      options.statusCache.set(claims.clientId, status, now.getTime());
    }
    if (status === 'suspended' && claims.platformRole !== 'admin') {
      throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
    }
  }
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
