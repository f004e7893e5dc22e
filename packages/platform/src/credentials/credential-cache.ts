/** A decrypted credential as the tool proxy uses it. */
export interface CachedCredential {
  readonly credentialId: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What a credential is looked up by. */
export interface CredentialCacheKey {
  readonly clientId: string;
  readonly agentId?: string | null | undefined;
  readonly service: string;
  readonly name?: string | undefined;
}

/**
 * Decrypted credentials kept in this process for a few seconds, so a tool call does not read and
 * decrypt its credential from the database each time; decrypted values never leave the process. Writes
 * to a client's credentials invalidate that client's entries in this process at once, and, with a
 * shared cache (`openSharedCredentialCache`, over Redis), in every other process too; without one,
 * other processes see a replaced or deleted credential when their entries expire, hence the short time
 * to live.
 */
export interface CredentialCache {
  /** The cached credential, or undefined on a miss or after expiry. */
  get(key: CredentialCacheKey): CachedCredential | undefined;
  /**
   * The client's invalidation count; read it before loading and hand it to {@link set}, which drops the
   * value when an invalidation happened meanwhile (the load may have read the old row).
   */
  generation(clientId: string): number;
  /** Caches a loaded credential unless the client was invalidated since `generation` was read. */
  set(key: CredentialCacheKey, value: CachedCredential, generation: number): void;
  /**
   * Forgets the client's entries (its credentials were created, replaced or deleted): here at once,
   * before this returns; the promise resolves when the other processes, if any, were told.
   */
  invalidateClient(clientId: string): Promise<void>;
  /** Number of entries held (expired ones included until touched). */
  readonly size: number;
}

/** Options of {@link createCredentialCache}. */
export interface CredentialCacheOptions {
  /** Time to live of an entry, in ms; 0 disables the cache. @defaultValue 10_000 */
  ttlMs?: number;
  /** Most entries held; the oldest are dropped first. @defaultValue 10_000 */
  maxEntries?: number;
  /** Clock in ms. @defaultValue `Date.now` */
  now?: () => number;
}

function keyOf(key: CredentialCacheKey): string {
  return `${key.clientId}\u0000${key.agentId ?? ''}\u0000${key.service}\u0000${key.name ?? ''}`;
}

/** Creates an in-memory {@link CredentialCache}. */
export function createCredentialCache(options: CredentialCacheOptions = {}): CredentialCache {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: CachedCredential; clientId: string; expiresAt: number }>();
  const generations = new Map<string, number>();
  return {
    get(key) {
      const id = keyOf(key);
      const entry = entries.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(id);
        return undefined;
      }
      return entry.value;
    },
    generation: (clientId) => generations.get(clientId) ?? 0,
    set(key, value, generation) {
      if (ttlMs <= 0 || maxEntries <= 0) return;
      if ((generations.get(key.clientId) ?? 0) !== generation) return;
      const id = keyOf(key);
      entries.delete(id);
      entries.set(id, {
        value: { credentialId: value.credentialId, fields: Object.freeze({ ...value.fields }) },
        clientId: key.clientId,
        expiresAt: now() + ttlMs,
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    invalidateClient(clientId) {
      generations.set(clientId, (generations.get(clientId) ?? 0) + 1);
      for (const [id, entry] of entries) if (entry.clientId === clientId) entries.delete(id);
      return Promise.resolve();
    },
    get size() {
      return entries.size;
    },
  };
}
