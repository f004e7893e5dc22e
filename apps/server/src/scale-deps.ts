import type { Config } from '@renum/config';
import {
  type Broadcast,
  breakerSharingOver,
  type CredentialCache,
  createCredentialCache,
  createMemoryBroadcast,
  createMemoryEventBus,
  createMemoryRateLimiter,
  createRedisEventBus,
  createRedisRateLimiter,
  createRedisTeamContextCache,
  type EventBus,
  openRedisConnections,
  openSharedCredentialCache,
  type PublishFailureReporter,
  type RateLimiter,
  type RedisConnections,
  type TeamContextCache,
} from '@renum/platform';
import { type BreakerSharing, type CacheStore, createRedisCacheStore } from '@renum/tools';
import type { Logger } from 'pino';

/** Failures of background work since boot, by kind (for logs now, for `/metrics` later). */
export interface ScaleFailureCounts {
  /** Run events the bus did not take (stored anyway; live watchers elsewhere may have missed them). */
  publish: number;
  /** Redis connection errors, failed unsubscribes, unreadable messages, throwing listeners. */
  redis: number;
}

/**
 * The state several processes must share, in memory (one process, no `REDIS_URL`: exactly the
 * adapters the server always had) or on Redis: the run event bus and its cancel channel, the rate
 * limiter (login limits, per-minute quotas), the decrypted-credential cache's invalidations, the tool
 * result cache and circuit breaker transitions.
 */
export interface ScaleDeps {
  readonly mode: 'memory' | 'redis';
  readonly bus: EventBus;
  /** Logs and counts a failed publication of a run event. */
  readonly onPublishError: PublishFailureReporter;
  readonly rateLimiter: RateLimiter;
  /** Small messages to every process: WebSocket typing, presence and read receipts. */
  readonly broadcast: Broadcast;
  /** Decrypted credentials stay in this process; with Redis only invalidations travel. */
  readonly credentialCache: CredentialCache;
  /** Where tool results are cached; undefined: the tool proxy's own in-memory store. */
  readonly toolCacheStore: CacheStore | undefined;
  /** Caches team executions' shared contexts (Postgres stays the truth); undefined: no cache. */
  readonly teamContextCache: TeamContextCache | undefined;
  /** Shares circuit breaker transitions; undefined: breakers are per process. */
  readonly breakerSharing: BreakerSharing | undefined;
  /** Reports (logs and counts) a failed shared operation that no caller awaits. */
  readonly onError: (error: unknown) => void;
  readonly failures: Readonly<ScaleFailureCounts>;
  /** Rejects when Redis does not answer (always resolves in memory): `/ready` reports it. */
  ping(): Promise<void>;
  /** Closes the Redis connections gracefully (nothing to do in memory). Call it last. */
  close(): Promise<void>;
}

/** Picks the memory or the Redis adapters from `config.scale.redisUrl`. */
export async function openScaleDeps(options: {
  config: Pick<Config, 'scale' | 'vault'>;
  logger: Logger;
}): Promise<ScaleDeps> {
  const { config, logger } = options;
  const failures: ScaleFailureCounts = { publish: 0, redis: 0 };
  const onPublishError: PublishFailureReporter = (error, event) => {
    failures.publish++;
    logger.error({ err: error, seq: event.seq, run_id: event.run_id }, 'run event not published');
  };
  const onError = (error: unknown) => {
    failures.redis++;
    logger.error({ err: error }, 'shared state (Redis) operation failed');
  };
  const ttlMs = config.vault.credentialCacheTtlMs;
  if (!config.scale.redisUrl) {
    return {
      mode: 'memory',
      bus: createMemoryEventBus(),
      onPublishError,
      rateLimiter: createMemoryRateLimiter(),
      broadcast: createMemoryBroadcast(),
      credentialCache: createCredentialCache({ ttlMs }),
      toolCacheStore: undefined,
      teamContextCache: undefined,
      breakerSharing: undefined,
      onError,
      failures,
      ping: async () => {},
      close: async () => {},
    };
  }
  const connections = await openRedisConnections({
    url: config.scale.redisUrl,
    prefix: `${config.scale.redisPrefix}:`,
    onError,
  });
  try {
    return await redisScaleDeps({ connections, ttlMs, onPublishError, onError, failures });
  } catch (error) {
    await connections.close();
    throw error;
  }
}

async function redisScaleDeps(options: {
  connections: RedisConnections;
  ttlMs: number;
  onPublishError: PublishFailureReporter;
  onError: (error: unknown) => void;
  failures: ScaleFailureCounts;
}): Promise<ScaleDeps> {
  const { connections, onError } = options;
  const bus = await createRedisEventBus({ connections, onError });
  const credentialCache = await openSharedCredentialCache({
    ttlMs: options.ttlMs,
    broadcast: connections.channels,
    onError,
  });
  return {
    mode: 'redis',
    bus,
    onPublishError: options.onPublishError,
    rateLimiter: createRedisRateLimiter({ connections }),
    broadcast: connections.channels,
    credentialCache,
    toolCacheStore: createRedisCacheStore({
      redis: connections.commands,
      prefix: `${connections.prefix}tool-cache:`,
    }),
    teamContextCache: createRedisTeamContextCache({ connections }),
    breakerSharing: breakerSharingOver(connections.channels, { onError }),
    onError,
    failures: options.failures,
    async ping() {
      await connections.commands.ping();
    },
    async close() {
      credentialCache.close();
      await connections.close();
    },
  };
}
