import type { KeyObject } from 'node:crypto';

/** Options of {@link createDataKeyCache}. */
export interface DataKeyCacheOptions {
  /**
   * How long an unwrapped data key stays in memory after it was unwrapped (not extended by use);
   * 0 disables caching.
   * @defaultValue `300_000` (5 minutes)
   */
  ttlMs?: number;
  /**
   * Most keys held at once; the least recently used is dropped first.
   * @defaultValue `10_000`
   */
  maxEntries?: number;
  /**
   * Clock, injected for tests.
   * @defaultValue `() => new Date()`
   */
  now?: () => Date;
}

/**
 * In-memory cache of unwrapped data keys so the hot path does not call the key provider on every
 * decryption. Keys are `KeyObject`s, which neither print nor serialise their bytes.
 */
export interface DataKeyCache {
  /**
   * Returns the key cached under `cacheKey`, or runs `load` once (concurrent callers share it), caching
   * a success and forgetting a failure.
   */
  getOrLoad(cacheKey: string, load: () => Promise<KeyObject>): Promise<KeyObject>;
  /** Drops every cached key, e.g. after a client's data key was rotated or a KEK was compromised. */
  clear(): void;
  /** Number of keys currently held (expired ones included until next touched). */
  readonly size: number;
}

interface Entry {
  key: KeyObject;
  expiresAt: number;
}

/** Creates a {@link DataKeyCache} with a fixed time to live and a size bound. */
export function createDataKeyCache(options: DataKeyCacheOptions = {}): DataKeyCache {
  const ttlMs = options.ttlMs ?? 300_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? (() => new Date());
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<KeyObject>>();

  const store = (cacheKey: string, key: KeyObject) => {
    entries.set(cacheKey, { key, expiresAt: now().getTime() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
  };

  const load = (cacheKey: string, loader: () => Promise<KeyObject>) => {
    const promise = loader()
      .then((key) => {
        if (ttlMs > 0 && maxEntries > 0) store(cacheKey, key);
        return key;
      })
      .finally(() => loading.delete(cacheKey));
    loading.set(cacheKey, promise);
    return promise;
  };

  return {
    getOrLoad(cacheKey, loader) {
      const entry = entries.get(cacheKey);
      if (entry !== undefined) {
        entries.delete(cacheKey);
        if (entry.expiresAt > now().getTime()) {
          entries.set(cacheKey, entry);
          return Promise.resolve(entry.key);
        }
      }
      return loading.get(cacheKey) ?? load(cacheKey, loader);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
