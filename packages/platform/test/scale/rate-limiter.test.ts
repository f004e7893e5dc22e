import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, type RateLimiter } from '../../src/identity/rate-limiter.ts';
import { createRedisRateLimiter } from '../../src/scale/redis-rate-limiter.ts';
import { scaleTargets, type TwoProcesses } from './scale-targets.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The shared suite of the rate limiter port: one in-memory limiter (one process), or two Redis
// limiters on their own connections (two processes) that must give the same answers.
const targets = scaleTargets<RateLimiter>('rate-limiter', {
  memory: () => {
    const limiter = createMemoryRateLimiter();
    return { a: limiter, b: limiter };
  },
  redis: (connections) => createRedisRateLimiter({ connections }),
});

for (const target of targets) {
  describe.skipIf(target.skipReason !== null)(`rate limiter (${target.name})`, () => {
    let limiters: TwoProcesses<RateLimiter>;
    beforeAll(async () => {
      limiters = await target.open();
    });
    afterAll(async () => limiters?.close());

    it('counts the hits of every process in one window', async () => {
      const key = `login:email:${randomUUID()}@example.com`;
      const hit = (limiter: RateLimiter) => limiter.hit({ key, limit: 3, windowSeconds: 60 });
      expect((await hit(limiters.a)).allowed).toBe(true);
      expect((await hit(limiters.b)).allowed).toBe(true);
      expect((await hit(limiters.a)).allowed).toBe(true);
      const refused = await hit(limiters.b);
      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect((await limiters.a.hit({ key: `${key}-other`, limit: 3, windowSeconds: 60 })).allowed).toBe(true);
    });

    it('lets exactly the limit through when processes hit at once', async () => {
      const key = `requests:${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          (index % 2 === 0 ? limiters.a : limiters.b).hit({ key, limit: 10, windowSeconds: 60 }),
        ),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(10);
    });

    it('starts a new window when the last one ends', async () => {
      const key = `requests:${randomUUID()}`;
      const hit = (limiter: RateLimiter) => limiter.hit({ key, limit: 2, windowSeconds: 0.15 });
      await hit(limiters.a);
      await hit(limiters.b);
      const refused = await hit(limiters.a);
      expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
      await sleep(200);
      expect((await hit(limiters.b)).allowed).toBe(true);
      expect((await hit(limiters.a)).allowed).toBe(true);
      expect((await hit(limiters.b)).allowed).toBe(false);
    });

    it('forgets a key for every process when one resets it', async () => {
      const key = `login:email:${randomUUID()}@example.com`;
      await limiters.a.hit({ key, limit: 1, windowSeconds: 60 });
      expect((await limiters.b.hit({ key, limit: 1, windowSeconds: 60 })).allowed).toBe(false);
      await limiters.b.reset(key);
      expect((await limiters.a.hit({ key, limit: 1, windowSeconds: 60 })).allowed).toBe(true);
    });
  });
}
