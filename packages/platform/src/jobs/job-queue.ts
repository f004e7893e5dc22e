import type { Database, Transaction } from '@renum/db';
import type { SQL } from 'drizzle-orm';
import type { JobDefinition } from './define-job.ts';
import type { EnqueueCall, EnqueuedJob, EnqueueOptions } from './enqueue-job.ts';
import type { JobHandler } from './job-handler.ts';
import type { JobEventHook, JobLogger, JobMetrics } from './job-observer.ts';
import type { ScheduleOptions } from './job-scheduler.ts';

/**
 * The one way to do background work (ADR 0014). Jobs are rows of the `jobs` table written in the
 * caller's transaction (a transactional outbox): a job exists if and only if that transaction commits.
 * Two engines deliver them with the same behaviour: `embedded` (workers claim rows with `FOR UPDATE SKIP
 * LOCKED`) and `bullmq` (a relay hands committed rows to BullMQ on Redis; workers fence each delivery on
 * the row). Delivery is at least once; every settlement is fenced by the lease token, so with idempotent
 * handlers each job takes effect once.
 */
export interface JobQueue {
  readonly engine: 'embedded' | 'bullmq';
  /**
   * Enqueues a job in `tx` (from `withClient` or `withPlatform`). After `tx` commits, this process's
   * workers are woken at once; nothing is needed from the caller. Throws `VALIDATION_ERROR` for a
   * payload that does not match the job's schema.
   */
  enqueue<Payload>(
    tx: Transaction,
    job: JobDefinition<Payload>,
    payload: Payload,
    options?: EnqueueOptions,
  ): Promise<EnqueuedJob>;
  /**
   * The same enqueue as a statement the caller runs itself, as the last part of a `combineWrites`
   * statement (one round trip for several writes). The wake-up after commit is already arranged; `read`
   * turns the statement's rows into the job.
   */
  prepareEnqueue<Payload>(
    tx: Transaction,
    job: JobDefinition<Payload>,
    payload: Payload,
    options?: EnqueueOptions,
  ): {
    id: string;
    statement: SQL;
    /** The statement's call as kind and arguments, for a statement built once (`enqueueCallPlaceholders`). */
    call: EnqueueCall;
    read(rows: readonly Record<string, unknown>[]): EnqueuedJob;
    /**
     * When `options.runHere` was granted: the process whose worker the job is stored claimed for (this
     * one's `processId`, or another's, ADR 0073), which runs it once the transaction commits.
     */
    claimedBy: string | undefined;
    /** True when `claimedBy` is another process: the job and its attachment travel to it after the commit. */
    claimedElsewhere: boolean;
  };
  /** Adds a repeatable job (cron); its ticks are enqueued once started. See {@link ScheduleOptions}. */
  schedule<Payload>(job: JobDefinition<Payload>, cron: string, options: ScheduleOptions<Payload>): void;
  /**
   * Starts the background work: workers for the handlers' queues, the schedules, the sweeps (and with
   * BullMQ the relay and the reconciler). A process that only enqueues (the `api` role) starts with no
   * handlers.
   */
  start(options?: StartJobsOptions): Promise<void>;
  /**
   * Stops claiming, waits up to `graceMs` for running jobs, then hands the others back (their lease
   * released, their handlers' signals aborted) so another worker takes them at once.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Event counters since creation (see `JobEvent`). */
  metrics(): JobMetrics;
}

/** What the workers of this process run. */
export interface StartJobsOptions {
  /** One handler per job version this process runs. @defaultValue none */
  // biome-ignore lint/suspicious/noExplicitAny: handlers of different payload types share the list
  handlers?: JobHandler<any, any>[];
  /** Jobs run at once per queue: one number for all, or per queue name. @defaultValue 4 */
  concurrency?: number | Record<string, number>;
}

/** Settings both engines share. */
export interface JobQueueOptions {
  db: Database;
  /** pino or a child of it: every failure is logged with its cause. */
  logger: JobLogger;
  clock: () => Date;
  newId: () => string;
  /** Names this process in leases (`<host>:<pid>`). */
  processId: string;
  /** @defaultValue Math.random */
  random?: () => number;
  /** How long a claim holds a job without renewal; a worker silent that long is presumed dead. @defaultValue 30_000 */
  leaseMs?: number;
  /** How often a running job's lease is renewed. @defaultValue a third of `leaseMs` */
  heartbeatMs?: number;
  /** How often idle workers look for due jobs (jobs enqueued by this process wake them at once). @defaultValue 500 */
  pollMs?: number;
  /** How often expired last attempts are dead-lettered and old completed jobs deleted. @defaultValue `leaseMs` */
  sweepMs?: number;
  /** How long completed jobs are kept. @defaultValue 7 days */
  keepCompletedMs?: number;
  /** Sees every job event (after it is logged and counted). */
  onEvent?: JobEventHook;
}

/** {@link JobQueueOptions} with every default applied. */
export type JobQueueSettings = Required<Omit<JobQueueOptions, 'onEvent'>> & Pick<JobQueueOptions, 'onEvent'>;

/** Applies the defaults of {@link JobQueueOptions}. */
export function jobQueueSettings(options: JobQueueOptions): JobQueueSettings {
  const leaseMs = options.leaseMs ?? 30_000;
  return {
    ...options,
    random: options.random ?? Math.random,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    pollMs: options.pollMs ?? 500,
    sweepMs: options.sweepMs ?? leaseMs,
    keepCompletedMs: options.keepCompletedMs ?? 7 * 86_400_000,
  };
}

/** Concurrency of one queue from {@link StartJobsOptions.concurrency}. */
export function queueConcurrency(concurrency: StartJobsOptions['concurrency'], queue: string): number {
  const value = typeof concurrency === 'number' ? concurrency : (concurrency?.[queue] ?? 4);
  return Math.max(1, Math.floor(value));
}
