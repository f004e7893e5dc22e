import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis, overridable for other machines. */
export const benchRedisUrl = process.env.RENUM_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own on the machine's Redis for one benchmark run, removed afterwards. */
export interface BenchRedis {
  url: string;
  /** `RENUM_REDIS_PREFIX` of the servers: every key they write starts with `<prefix>:`. */
  prefix: string;
  /** Deletes every key under the prefix; resolves with how many there were. */
  clean(): Promise<number>;
}

/** Checks that Redis answers and picks a fresh prefix; returns the reason when it does not answer. */
export async function createBenchRedis(): Promise<BenchRedis | { unavailable: string }> {
  const prefix = `renum-bench-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const redis = new Redis(benchRedisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  // Connection failures are reported by connect() below; the event would otherwise be unhandled.
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    return { unavailable: `Redis unreachable at ${benchRedisUrl}: ${(error as Error).message}` };
  }
  return {
    url: benchRedisUrl,
    prefix,
    async clean() {
      let deleted = 0;
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) deleted += await redis.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
      return deleted;
    },
  };
}
