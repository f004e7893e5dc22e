import { AppError } from '@renum/contracts';
import { afterCommit, type Transaction } from '@renum/db';
import type { JobRow, LeaseGrant } from './claim-jobs.ts';
import type { JobDefinition } from './define-job.ts';
import {
  type EnqueuedJob,
  type EnqueueOptions,
  insertJob,
  prepareEnqueue,
  readEnqueued,
} from './enqueue-job.ts';
import type { JobHandler } from './job-handler.ts';
import { createJobObserver, type JobObserver } from './job-observer.ts';
import type { JobQueue, JobQueueOptions, JobQueueSettings } from './job-queue.ts';
import { jobQueueSettings } from './job-queue.ts';
import { createJobScheduler, type JobScheduler } from './job-scheduler.ts';
import { startPeriodicTask } from './periodic-task.ts';
import { buryExpiredJobs, pruneCompletedJobs } from './sweep-jobs.ts';

/** What both engines share: settings, observer, enqueue (with the wake-up after commit), schedules, sweeps. */
export interface QueueCore extends Pick<JobQueue, 'enqueue' | 'prepareEnqueue' | 'schedule' | 'metrics'> {
  settings: JobQueueSettings;
  observer: JobObserver;
  scheduler: JobScheduler;
  /** Starts the periodic sweep; the answer stops it. */
  startSweeps(): () => void;
  /** Set by the engine once its workers run (null when they stop): where local pick-ups go. */
  setLocalRunner(runner: LocalRunner | null): void;
  /** Set by an engine that can hand a job straight to another process's worker (ADR 0073). */
  setRemoteRunner(runner: RemoteRunner | null): void;
}

/** Other processes' workers, as a pick-up for them sees them (ADR 0073). */
export interface RemoteRunner {
  /** A live worker of `queue` in another process, or undefined. */
  pick(queue: string): string | undefined;
  /** Hands a job stored claimed for `worker` to it (its transaction has committed); never throws. */
  send(worker: string, row: JobRow, attachment: unknown): void;
}

/** This process's workers, as a local pick-up sees them (ADR 0029). */
export interface LocalRunner {
  /** True when this process runs `queue` and has a free slot for one more job now. */
  canRun(queue: string): boolean;
  /** Runs a job this process stored already claimed (its transaction has committed). */
  run(row: JobRow): void;
}

/** A job this process enqueued, as its wake-up after the commit sees it. */
export interface CommittedJob extends EnqueuedJob {
  name: string;
  version: number;
  priority: number;
}

/**
 * Builds the shared part of a queue. `wake` is told about each job this process enqueued, once its
 * transaction has committed (never for a rolled-back one). Its `created` is true unless the statement's
 * rows were read and said an earlier job with the same idempotency key was found.
 */
export function createQueueCore(options: JobQueueOptions, wake: (job: CommittedJob) => void): QueueCore {
  const settings = jobQueueSettings(options);
  const observer = createJobObserver({
    logger: settings.logger,
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  });
  const deps = { clock: settings.clock, newId: settings.newId };
  let localRunner: LocalRunner | null = null;
  let remoteRunner: RemoteRunner | null = null;

  /**
   * Where a pick-up runs (ADR 0029, 0073): here when this process has a free slot for the queue, else on
   * a live worker of another process when the engine knows one; undefined when it is enqueued as usual.
   * The answer's lease is the one the job is stored claimed under, and `hand` starts it after the commit.
   */
  function pickUp(
    job: JobDefinition<unknown>,
    options: EnqueueOptions,
  ): { lease: LeaseGrant; hand: (row: JobRow) => void } | undefined {
    const due = options.runAt === undefined && !options.delayMs;
    if (!options.runHere || !due || options.clientId === undefined) return undefined;
    const lease = (owner: string) => ({
      token: settings.newId(),
      owner,
      now: settings.clock(),
      leaseMs: settings.leaseMs,
    });
    const local = localRunner;
    if (local?.canRun(job.queue)) return { lease: lease(settings.processId), hand: (row) => local.run(row) };
    const remote = remoteRunner;
    const worker = remote?.pick(job.queue);
    if (!remote || !worker) return undefined;
    return { lease: lease(worker), hand: (row) => remote.send(worker, row, options.attachment?.()) };
  }

  function prepare<Payload>(
    tx: Transaction,
    job: JobDefinition<Payload>,
    payload: Payload,
    enqueueOptions: EnqueueOptions = {},
  ) {
    const pickedUp = pickUp(job as JobDefinition<unknown>, enqueueOptions);
    let claim = pickedUp?.lease;
    let claimed: JobRow | undefined;
    // Run once committed; a nested (savepoint) transaction has no commit to wait for: enqueued as usual.
    if (pickedUp && !afterCommit(tx, () => pickedUp.hand(claimed!))) claim = undefined;
    const prepared = prepareEnqueue(job, payload, enqueueOptions, deps, claim);
    claimed = prepared.claimed;
    const subject: CommittedJob = {
      id: prepared.id,
      queue: job.queue,
      name: job.name,
      version: job.version,
      priority: enqueueOptions.priority ?? 0,
      created: true,
      runAt: prepared.runAt,
    };
    const read = (rows: readonly Record<string, unknown>[]) => {
      const enqueued = readEnqueued(job as JobDefinition<unknown>, prepared, rows);
      subject.created = enqueued.created;
      observer.emit({
        type: 'enqueued',
        job: { id: enqueued.id, queue: job.queue, name: job.name, attempt: 0 },
        created: enqueued.created,
      });
      return enqueued;
    };
    // A nested (savepoint) transaction has no commit of its own to wait for: polling finds its job.
    if (!claim && !afterCommit(tx, () => wake(subject))) {
      settings.logger.debug({ job: job.key }, 'job enqueued outside a scoped transaction; left to polling');
    }
    return {
      id: prepared.id,
      get statement() {
        return prepared.statement;
      },
      call: prepared.call,
      read,
      claimedBy: claim?.owner,
      claimedElsewhere: claim !== undefined && claim.owner !== settings.processId,
    };
  }

  const enqueue: JobQueue['enqueue'] = async (tx, job, payload, enqueueOptions) => {
    const prepared = prepare(tx, job, payload, enqueueOptions);
    return prepared.read(await insertJob(tx, prepared.statement));
  };

  const scheduler = createJobScheduler({ db: settings.db, clock: settings.clock, observer, enqueue });

  async function sweep(): Promise<void> {
    const now = settings.clock();
    const buried = await buryExpiredJobs(settings.db, now);
    for (const row of buried) {
      observer.emit({
        type: 'dead',
        job: { id: row.id, queue: row.queue, name: row.name, attempt: row.attempts },
        error: new Error(row.last_error ?? 'lease expired'),
      });
    }
    await pruneCompletedJobs(settings.db, new Date(now.getTime() - settings.keepCompletedMs));
  }

  return {
    settings,
    observer,
    scheduler,
    enqueue,
    prepareEnqueue: prepare,
    schedule: (job, cron, scheduleOptions) => scheduler.add(job, cron, scheduleOptions),
    metrics: () => observer.metrics(),
    setLocalRunner(runner) {
      localRunner = runner;
    },
    setRemoteRunner(runner) {
      remoteRunner = runner;
    },
    startSweeps: () =>
      startPeriodicTask({
        task: sweep,
        intervalMs: settings.sweepMs,
        onError: (error) => observer.emit({ type: 'error', step: 'sweep', queue: null, error }),
      }),
  };
}

/** Handlers by `name@version`; two for one version is a programming error. */
export function handlersByKey(handlers: readonly JobHandler<unknown>[]): Map<string, JobHandler<unknown>> {
  const byKey = new Map<string, JobHandler<unknown>>();
  for (const handler of handlers) {
    if (byKey.has(handler.job.key)) {
      throw new AppError('VALIDATION_ERROR', `Two handlers for job ${handler.job.key}`);
    }
    byKey.set(handler.job.key, handler);
  }
  return byKey;
}
