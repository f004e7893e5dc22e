import type { PlatformLogger } from '../logger.ts';
/**
 * The logger jobs write to: pino's shape (`logger.error({ err }, 'message')`), so the server passes its
 * pino logger or a child of it, and tests a pino logger writing to memory.
 */
export type JobLogger = PlatformLogger;

/** The job an event is about. */
export interface JobEventSubject {
  id: string;
  queue: string;
  name: string;
  attempt: number;
}

/** What happens to jobs, as hooks and counters see it. Nothing that fails is left out. */
export type JobEvent =
  | { type: 'enqueued'; job: JobEventSubject; created: boolean }
  | { type: 'claimed'; job: JobEventSubject }
  | { type: 'completed'; job: JobEventSubject; durationMs: number }
  /** An attempt failed and the job will run again at `retryAt`. */
  | { type: 'retried'; job: JobEventSubject; error: unknown; retryAt: Date }
  /** No attempt left, or unrecoverable: the job is dead-lettered with the error. */
  | { type: 'dead'; job: JobEventSubject; error: unknown }
  /** A worker that had lost the job tried to settle it; the lease token refused the write. */
  | { type: 'fenced'; job: JobEventSubject; outcome: 'completed' | 'failed' }
  /** The heartbeat found the lease gone (expired and taken by another worker). */
  | { type: 'lease_lost'; job: JobEventSubject }
  /** Handed back to the queue by a stopping worker. */
  | { type: 'released'; job: JobEventSubject }
  /** A background step failed (claim, heartbeat, settlement, relay, reconcile, schedule). */
  | { type: 'error'; step: string; queue: string | null; error: unknown };

/** The kinds of {@link JobEvent}. */
export type JobEventType = JobEvent['type'];

/** How many events of each kind. */
export type JobCounters = Record<JobEventType, number>;

/** Counters since the queue was created, in all and per queue (`-` for steps not tied to one). */
export interface JobMetrics {
  total: JobCounters;
  queues: Record<string, JobCounters>;
}

/** Receives every event; logging and counting stay in the observer, this is for the rest. */
export type JobEventHook = (event: JobEvent) => void;

/** Logs, counts and forwards job events. */
export interface JobObserver {
  emit(event: JobEvent): void;
  metrics(): JobMetrics;
  logger: JobLogger;
}

const eventTypes: JobEventType[] = [
  'enqueued',
  'claimed',
  'completed',
  'retried',
  'dead',
  'fenced',
  'lease_lost',
  'released',
  'error',
];

const emptyCounters = (): JobCounters =>
  Object.fromEntries(eventTypes.map((type) => [type, 0])) as JobCounters;

/**
 * Creates the observer of one queue instance: each failure is logged with its cause (`err`, which pino
 * serialises with its stack and cause chain) and counted; `onEvent` sees every event.
 */
export function createJobObserver(options: { logger: JobLogger; onEvent?: JobEventHook }): JobObserver {
  const { logger } = options;
  const total = emptyCounters();
  const queues: Record<string, JobCounters> = {};
  const count = (type: JobEventType, queue: string) => {
    total[type] += 1;
    queues[queue] ??= emptyCounters();
    queues[queue][type] += 1;
  };
  return {
    logger,
    emit(event) {
      count(event.type, event.type === 'error' ? (event.queue ?? '-') : event.job.queue);
      log(logger, event);
      try {
        options.onEvent?.(event);
      } catch (error) {
        logger.error({ err: error, event: event.type }, 'job event hook failed');
      }
    },
    metrics: () => ({
      total: { ...total },
      queues: Object.fromEntries(Object.entries(queues).map(([queue, counts]) => [queue, { ...counts }])),
    }),
  };
}

function log(logger: JobLogger, event: JobEvent): void {
  switch (event.type) {
    case 'enqueued':
    case 'claimed':
      return;
    case 'completed':
      logger.debug({ job: event.job, duration_ms: event.durationMs }, 'job completed');
      return;
    case 'retried':
      logger.warn(
        { job: event.job, err: event.error, retry_at: event.retryAt.toISOString() },
        'job attempt failed; it will be retried',
      );
      return;
    case 'dead':
      logger.error({ job: event.job, err: event.error }, 'job failed for good; dead-lettered');
      return;
    case 'fenced':
      logger.warn(
        { job: event.job, outcome: event.outcome },
        'late settlement of a job this worker no longer holds; not recorded',
      );
      return;
    case 'lease_lost':
      logger.warn({ job: event.job }, 'job lease lost to another worker; its handler is aborted');
      return;
    case 'released':
      logger.info({ job: event.job }, 'job handed back to the queue');
      return;
    case 'error':
      logger.error({ step: event.step, queue: event.queue, err: event.error }, `job ${event.step} failed`);
      return;
    default: {
      const never: never = event;
      throw new Error(`unknown job event ${String(never)}`);
    }
  }
}
