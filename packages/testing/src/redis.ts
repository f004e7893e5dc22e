import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import './provided-context.ts';

/** The machine's Redis for one suite, or why it is skipped. */
export interface TestRedis {
  /** Null when Redis is unreachable outside CI (the suite is then skipped, with `skipReason`). */
  url: string | null;
  skipReason: string | null;
  /**
   * A fresh key prefix under this run's prefix (`<run prefix>:<name>:<random>:`), so suites and
   * tests never see each other's keys; the global set-up deletes them all after the run.
   */
  prefix(name: string): string;
}

/** This run's Redis (see the global set-up): URL, skip reason and per-suite key prefixes. */
export function testRedis(): TestRedis {
  const runPrefix = inject('redisPrefix');
  return {
    url: inject('redisUrl'),
    skipReason: inject('redisUnavailableReason'),
    prefix: (name) => `${runPrefix}:${name}:${randomBytes(3).toString('hex')}:`,
  };
}
