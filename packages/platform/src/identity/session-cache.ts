import type { MemberRole, PlatformRole } from '@renum/contracts';

/** What one database read says about an access token's session, as of that read. */
export interface SessionState {
  /** The session (refresh-token family) still has a token that is not revoked. */
  live: boolean;
  /** The person's platform role now. */
  platformRole: PlatformRole;
  /** The person's role in the token's client now; null when they are not a member (or no client). */
  role: MemberRole | null;
  /** Status of the token's client now; null when the token names no client or the client is gone. */
  clientStatus: 'active' | 'suspended' | null;
}

/** Whose session a cache entry describes; an entry only answers for the same person and client. */
export interface SessionKey {
  sessionId: string;
  userId: string;
  clientId: string | null;
}

/**
 * Session states kept in this process for a moment, so an access token costs no query on most
 * requests. A change (logout, refresh-token reuse, a member removed or given another role, a client
 * suspended) drops the entries it affects in the process that made it at once; other processes see it
 * when their entries expire, hence the short time to live.
 */
export interface SessionCache {
  /** The cached state, or undefined on a miss or after expiry. */
  get(key: SessionKey, now: number): SessionState | undefined;
  /**
   * The invalidation count; read it before loading and hand it to {@link set}, which drops the state
   * when something was forgotten meanwhile (the load may have read the old rows).
   */
  generation(): number;
  /** Caches a loaded state unless an invalidation happened since `generation` was read. */
  set(key: SessionKey, state: SessionState, options: { now: number; generation: number }): void;
  /** Forgets one session (logout, refresh-token reuse). */
  forgetSession(sessionId: string): void;
  /** Forgets every session of a person (removed from a client, role changed). */
  forgetUser(userId: string): void;
  /** Forgets every session acting in a client (suspended or reactivated). */
  forgetClient(clientId: string): void;
  /** Number of entries held (expired ones included until touched). */
  readonly size: number;
}

/** Options of {@link createSessionCache}. */
export interface SessionCacheOptions {
  /** Time to live of an entry, in ms: how late another process sees a revocation. @defaultValue 1000 */
  ttlMs?: number;
  /** Most entries held; the oldest are dropped first. @defaultValue 10_000 */
  maxEntries?: number;
}

interface Entry {
  state: SessionState;
  userId: string;
  clientId: string | null;
  expiresAt: number;
}

/** Creates an in-memory {@link SessionCache}. */
export function createSessionCache(options: SessionCacheOptions = {}): SessionCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  let generation = 0;
  const forgetWhere = (matches: (entry: Entry) => boolean) => {
    generation++;
    for (const [sessionId, entry] of entries) if (matches(entry)) entries.delete(sessionId);
  };
  return {
    get(key, now) {
      const entry = entries.get(key.sessionId);
      if (!entry || entry.userId !== key.userId || entry.clientId !== key.clientId) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(key.sessionId);
        return undefined;
      }
      return entry.state;
    },
    generation: () => generation,
    set(key, state, { now, generation: readAt }) {
      if (ttlMs <= 0 || maxEntries <= 0 || readAt !== generation) return;
      entries.delete(key.sessionId);
      entries.set(key.sessionId, {
        state,
        userId: key.userId,
        clientId: key.clientId,
        expiresAt: now + ttlMs,
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    forgetSession(sessionId) {
      generation++;
      entries.delete(sessionId);
    },
    forgetUser(userId) {
      forgetWhere((entry) => entry.userId === userId);
    },
    forgetClient(clientId) {
      forgetWhere((entry) => entry.clientId === clientId);
    },
    get size() {
      return entries.size;
    },
  };
}
