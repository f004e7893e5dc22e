import { testRedis } from '@renum/testing';
import { openRedisConnections, type RedisConnections } from '../../src/scale/redis-connections.ts';

/** Two "processes" of one deployment, each holding its own adapter of the port under test. */
export interface TwoProcesses<T> {
  a: T;
  b: T;
  /** The Redis connections of each side (absent in memory), for checks on what Redis holds. */
  connections: { a: RedisConnections; b: RedisConnections } | undefined;
  close(): Promise<void>;
}

/** One adapter family a shared suite runs against. */
export interface ScaleTarget<T> {
  readonly name: 'memory' | 'redis';
  /** Why the suite is skipped (Redis unreachable outside CI), else null. */
  readonly skipReason: string | null;
  open(): Promise<TwoProcesses<T>>;
}

/** Errors reported by adapters during a suite; a suite expects none unless it provoked them. */
export const reportedErrors: unknown[] = [];
const onError = (error: unknown) => reportedErrors.push(error);

/**
 * The memory and Redis targets of a shared suite. In memory, a deployment is one process, so both
 * sides are what `memory()` returns (usually one instance twice). On Redis, each side opens its own
 * connections (its own subscriber connection too) under one fresh key prefix, like two processes.
 */
export function scaleTargets<T>(
  suite: string,
  build: {
    memory: () => Promise<{ a: T; b: T }> | { a: T; b: T };
    redis: (connections: RedisConnections) => Promise<T> | T;
  },
): ScaleTarget<T>[] {
  const redis = testRedis();
  return [
    {
      name: 'memory',
      skipReason: null,
      async open() {
        return { ...(await build.memory()), connections: undefined, close: async () => {} };
      },
    },
    {
      name: 'redis',
      skipReason: redis.skipReason,
      async open() {
        const prefix = redis.prefix(suite);
        const connect = () => openRedisConnections({ url: redis.url!, prefix, onError });
        const connections = { a: await connect(), b: await connect() };
        return {
          a: await build.redis(connections.a),
          b: await build.redis(connections.b),
          connections,
          async close() {
            await Promise.all([connections.a.close(), connections.b.close()]);
          },
        };
      },
    },
  ];
}
