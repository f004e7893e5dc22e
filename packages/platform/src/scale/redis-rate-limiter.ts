import type { RateLimiter } from '../identity/rate-limiter.ts';
import type { RedisConnections } from './redis-connections.ts';

/**
 * A {@link RateLimiter} on Redis, so a limit holds across every process of a deployment. The same
 * fixed windows as the in-memory limiter: the first hit of a window creates the counter with the
 * window's expiry (`SET key 0 PX window NX`), each hit increments it, and the counter's remaining
 * time is the retry delay; the three commands run as one MULTI, so concurrent hits from several
 * processes never lose a count or an expiry. Windows follow Redis's clock.
 */
export function createRedisRateLimiter(options: { connections: RedisConnections }): RateLimiter {
  const { commands, prefix } = options.connections;
  const keyOf = (key: string) => `${prefix}rate:${key}`;
  return {
    async hit({ key, limit, windowSeconds }) {
      const windowMs = Math.max(1, Math.round(windowSeconds * 1000));
      const redisKey = keyOf(key);
      const results = await commands
        .multi()
        .set(redisKey, '0', 'PX', windowMs, 'NX')
        .incr(redisKey)
        .pttl(redisKey)
        .exec();
      if (!results) throw new Error('Redis discarded a rate limit count');
      for (const [error] of results) if (error) throw error;
      const count = Number(results[1]![1]);
      const remainingMs = Number(results[2]![1]);
      return {
        allowed: count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((remainingMs > 0 ? remainingMs : windowMs) / 1000)),
      };
    },
    async reset(key) {
      await commands.unlink(keyOf(key));
    },
  };
}
