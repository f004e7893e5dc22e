/**
 * Backend of the tool result cache: string values under string keys, each with a time to live. The
 * in-memory store is the default; the Redis store (`createRedisCacheStore`: `SET key value PX ttl`,
 * `SCAN MATCH prefix*`) shares results between processes and passes the same test suite.
 */
export interface CacheStore {
  /** The value under `key`, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any previous value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key`; true when it was present. */
  delete(key: string): Promise<boolean>;
  /** Removes every key starting with `prefix` (a literal prefix, no pattern characters); returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  /** Removes everything. */
  clear(): Promise<void>;
}
