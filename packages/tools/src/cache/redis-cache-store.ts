import type { Redis } from 'ioredis';
import type { CacheStore } from './cache-store.ts';

/** Options of {@link createRedisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** A connection in command mode, shared with the rest of the process. */
  redis: Redis;
  /** Put before every key (include the separator, `renum:tool-cache:`); `clear` removes only these keys. */
  prefix: string;
  /**
   * Largest single entry stored, counted like the in-memory store (two bytes per UTF-16 code unit of key
   * and value); bigger values are not cached at all.
   * @defaultValue `4194304` (4 MiB)
   */
  maxEntryBytes?: number;
  /** Keys asked for per `SCAN` step of `deletePrefix` and `clear`. @defaultValue 1000 */
  scanCount?: number;
}

/** Escapes a literal for a Redis glob pattern (`SCAN MATCH`). */
function escapeGlob(literal: string): string {
  return literal.replace(/[\\*?[\]^]/g, (character) => `\\${character}`);
}

/**
 * A {@link CacheStore} on Redis, shared by every process of a deployment: `SET key value PX ttl`, so
 * Redis expires entries itself; `deletePrefix` walks the keyspace with `SCAN MATCH <prefix>*` and
 * removes what it finds with `UNLINK` (freed in the background). Invalidation is rare (a credential or
 * policy changed), so the walk costs less than keeping a set of keys per prefix on every write. Memory
 * is bounded by Redis's own `maxmemory` policy, not by this store.
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions): CacheStore {
  const { redis, prefix } = options;
  const maxEntryBytes = options.maxEntryBytes ?? 4 * 1024 * 1024;
  const scanCount = options.scanCount ?? 1000;

  const deleteMatching = async (pattern: string): Promise<number> => {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', scanCount);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return removed;
  };

  return {
    async get(key) {
      return (await redis.get(`${prefix}${key}`)) ?? undefined;
    },
    async set(key, value, ttlMs) {
      if (ttlMs <= 0 || (key.length + value.length) * 2 > maxEntryBytes) {
        await redis.unlink(`${prefix}${key}`);
        return;
      }
      await redis.set(`${prefix}${key}`, value, 'PX', Math.ceil(ttlMs));
    },
    async delete(key) {
      return (await redis.unlink(`${prefix}${key}`)) > 0;
    },
    deletePrefix: (keyPrefix) => deleteMatching(`${escapeGlob(prefix + keyPrefix)}*`),
    async clear() {
      await deleteMatching(`${escapeGlob(prefix)}*`);
    },
  };
}
