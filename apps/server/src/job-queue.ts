import { hostname } from 'node:os';
import type { Config } from '@renum/config';
import type { Database } from '@renum/db';
import {
  createBullmqJobQueue,
  createEmbeddedJobQueue,
  type JobEventHook,
  type JobQueue,
} from '@renum/platform';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';

/**
 * This process's job queue, from config: BullMQ on Redis when `REDIS_URL` is set (its keys under
 * `<RENUM_REDIS_PREFIX>:jobs:`), the embedded engine on the database otherwise. It is returned not
 * started: the caller starts it with the handlers of its role (and `concurrency: config.jobs.concurrency`)
 * and stops it on shutdown.
 */
export function createJobQueue(
  config: Pick<Config, 'scale' | 'jobs'>,
  deps: {
    db: Database;
    logger: Logger;
    /** @defaultValue () => new Date() */
    clock?: () => Date;
    /** @defaultValue UUIDv7 */
    newId?: () => string;
    /** Sees every job event (metrics). @defaultValue none */
    onEvent?: JobEventHook;
  },
): JobQueue {
  const options = {
    db: deps.db,
    logger: deps.logger.child({ component: 'jobs' }),
    clock: deps.clock ?? (() => new Date()),
    newId: deps.newId ?? uuidv7,
    processId: `${hostname()}:${process.pid}`,
    leaseMs: config.jobs.leaseMs,
    pollMs: config.jobs.pollMs,
    keepCompletedMs: config.jobs.keepCompletedHours * 3_600_000,
    ...(deps.onEvent ? { onEvent: deps.onEvent } : {}),
  };
  return config.scale.redisUrl
    ? createBullmqJobQueue({
        ...options,
        redisUrl: config.scale.redisUrl,
        prefix: `${config.scale.redisPrefix}:jobs`,
      })
    : createEmbeddedJobQueue(options);
}
