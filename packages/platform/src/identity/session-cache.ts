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
  /**
   * The cached state, else the one `read` loads (cached as {@link set} does). Concurrent misses for one
   * session share a single read, so an expiry under load costs one query, not one per request in flight;
   * a request that arrives after an invalidation never joins a read that began before it.
   */
  load(
    key: SessionKey,
    now: number,
    read: () => Promise<SessionState | undefined>,
  ): Promise<SessionState | undefined>;
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

interface Owner {
  userId: string;
  clientId: string | null;
}

interface Entry extends Owner {
  state: SessionState;
  expiresAt: number;
}

interface Reading extends Owner {
  state: Promise<SessionState | undefined>;
}

/** Creates an in-memory {@link SessionCache}. */
export function createSessionCache(options: SessionCacheOptions = {}): SessionCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  const reading = new Map<string, Reading>();
  let generation = 0;
  const forgetWhere = (matches: (owner: Owner) => boolean) => {
    generation++;
    for (const [sessionId, entry] of entries) if (matches(entry)) entries.delete(sessionId);
    for (const [sessionId, pending] of reading) if (matches(pending)) reading.delete(sessionId);
  };
  const cache: SessionCache = {
    get(key, now) {
      const entry = entries.get(key.sessionId);
      if (!entry || !sameOwner(entry, key)) return undefined;
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
    load(key, now, read) {
      const cached = cache.get(key, now);
      if (cached) return Promise.resolve(cached);
      const pending = reading.get(key.sessionId);
      if (pending && sameOwner(pending, key)) return pending.state;
      const readAt = generation;
      const state = read().then((loaded) => {
        if (loaded) cache.set(key, loaded, { now, generation: readAt });
        return loaded;
      });
      const current: Reading = { userId: key.userId, clientId: key.clientId, state };
      reading.set(key.sessionId, current);
      const done = () => {
        if (reading.get(key.sessionId) === current) reading.delete(key.sessionId);
      };
      state.then(done, done);
      return state;
    },
    forgetSession(sessionId) {
      generation++;
      entries.delete(sessionId);
      reading.delete(sessionId);
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
  return cache;
}

function sameOwner(owner: Owner, key: SessionKey): boolean {
  return owner.userId === key.userId && owner.clientId === key.clientId;
}
