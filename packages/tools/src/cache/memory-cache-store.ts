import type { CacheStore } from './cache-store.ts';

/** Options of {@link createMemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /**
   * Memory budget, counted as two bytes per UTF-16 code unit of keys and values. Least recently used
   * entries are evicted to stay under it.
   * @defaultValue `67108864` (64 MiB)
   */
  maxBytes?: number;
  /**
   * Largest single entry stored; bigger values are not cached at all.
   * @defaultValue `maxBytes / 16`
   */
  maxEntryBytes?: number;
  /** Clock for expiry. @defaultValue `Date.now` */
  now?: () => number;
}

/** A {@link CacheStore} in process memory, with its current size. */
export interface MemoryCacheStore extends CacheStore {
  /** Entries held, expired ones not yet swept included. */
  readonly entries: number;
  /** Bytes held, by the store's accounting. */
  readonly bytes: number;
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
  readonly bytes: number;
}

/**
 * Creates an in-memory {@link CacheStore}: LRU by size, with expiry checked on read. A `Map` keeps
 * insertion order, so re-inserting on every hit makes its first key the least recently used.
 */
export function createMemoryCacheStore(options: MemoryCacheStoreOptions = {}): MemoryCacheStore {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxEntryBytes = options.maxEntryBytes ?? Math.floor(maxBytes / 16);
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string): boolean => {
    const entry = entries.get(key);
    if (!entry) return false;
    entries.delete(key);
    bytes -= entry.bytes;
    return true;
  };

  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      remove(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      bytes += entry.bytes;
      return entry.value;
    },
    async set(key, value, ttlMs) {
      remove(key);
      const size = (key.length + value.length) * 2;
      if (size > maxEntryBytes || ttlMs <= 0) return;
      for (const oldest of entries.keys()) {
        if (bytes + size <= maxBytes) break;
        remove(oldest);
      }
      entries.set(key, { value, expiresAt: now() + ttlMs, bytes: size });
      bytes += size;
    },
    async delete(key) {
      return remove(key);
    },
    async deletePrefix(prefix) {
      let removed = 0;
      for (const key of [...entries.keys()]) {
        if (key.startsWith(prefix) && remove(key)) removed++;
      }
      return removed;
    },
    async clear() {
      entries.clear();
      bytes = 0;
    },
    get entries() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
