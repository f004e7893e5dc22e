import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { claimJob, type JobRow, type LeaseGrant, type TargetedClaim } from './claim-jobs.ts';
import type { JobHandler } from './job-handler.ts';
import type { JobQueue, JobQueueOptions, JobQueueSettings, StartJobsOptions } from './job-queue.ts';
import { queueConcurrency } from './job-queue.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { type OutboxRelay, startOutboxRelay } from './outbox-relay.ts';
import { startPeriodicTask } from './periodic-task.ts';
import {
  type CommittedJob,
  createQueueCore,
  handlersByKey,
  type LocalRunner,
  type RemoteRunner,
} from './queue-core.ts';
import { reconcileJobs } from './reconcile-jobs.ts';
import { releaseJob } from './settle-job.ts';
import { createWorkerDirectory, type DirectDelivery, type WorkerDirectory } from './worker-directory.ts';

/** The BullMQ engine's settings beyond {@link JobQueueOptions}. */
export interface BullmqJobQueueOptions extends JobQueueOptions {
  /** `redis://` or `rediss://` URL. */
  redisUrl: string;
  /** Prefix of every BullMQ key (`<prefix>:<queue>:…`), so deployments can share a Redis. @defaultValue 'renum' */
  prefix?: string;
  /** How often relayed rows are checked against Redis, and how overdue they must be. @defaultValue `leaseMs` */
  reconcileMs?: number;
}

/** Shortest pause before a delivery that came too early is tried again (against clock skew loops). */
const minimumRedeliveryMs = 50;

/**
 * The BullMQ engine (`REDIS_URL` set). The `jobs` table stays the truth: a job is handed to BullMQ by
 * the process that committed it, right after the commit, and a relay moves the committed rows not yet
 * there (job id = row id, no payload: Redis holds no client data), a reconciler hands rows Redis
 * lost back to the relay, and a worker runs a delivery only after claiming its row with the embedded
 * engine's fence. Retries are decided by the row and scheduled by moving the BullMQ job to `delayed`, so
 * both engines behave alike. BullMQ's lock follows the row's lease (renewed by the same heartbeat), so a
 * worker that dies has its job redelivered by BullMQ's stalled check.
 */
export function createBullmqJobQueue(options: BullmqJobQueueOptions): JobQueue {
  let relay: OutboxRelay | null = null;
  let state: 'new' | 'started' | 'stopped' = 'new';
  let engine: Engine | null = null;
  const core = createQueueCore(options, (job) => deliverCommitted(job));
  const { settings, observer } = core;
  const prefix = options.prefix ?? 'renum';
  const reconcileMs = options.reconcileMs ?? settings.leaseMs;
  const onError = (step: string, queue: string | null) => (error: unknown) =>
    observer.emit({ type: 'error', step, queue, error });
  let stopBackground: (() => void) | null = null;
  let runner: JobRunner | null = null;
  let directory: WorkerDirectory | null = null;

  /**
   * A job this process just committed goes to BullMQ at once, without the relay's transaction (whose
   * row lock a worker's claim would also wait for); the worker that claims it marks it relayed. Until
   * then the relay may hand it over again, which BullMQ ignores (same job id). A job that is not new
   * or not due yet, or a failed delivery, is left to the relay. (A job whose enqueue rows were not read
   * counts as new; if an earlier job had its idempotency key, the claim finds no row and drops the delivery.)
   */
  function deliverCommitted(job: CommittedJob): void {
    const opened = engine;
    if (state !== 'started' || !opened || !job.created || job.runAt > settings.clock()) {
      relay?.wake();
      return;
    }
    const row: Deliverable = {
      id: job.id,
      queue: job.queue,
      name: job.name,
      version: job.version,
      priority: job.priority,
      status: 'queued',
      run_at: job.runAt,
      lease_expires_at: null,
    };
    opened.deliver([row]).catch((error: unknown) => {
      onError('relay', job.queue)(error);
      relay?.wake();
    });
  }

  return {
    engine: 'bullmq',
    enqueue: core.enqueue,
    prepareEnqueue: core.prepareEnqueue,
    schedule: core.schedule,
    metrics: core.metrics,
    async start(startOptions = {}) {
      if (state !== 'new') throw new Error(`The job queue was already ${state}`);
      state = 'started';
      const handlers = handlersByKey(startOptions.handlers ?? []);
      const jobRunner = createJobRunner({ ...settings, observer, handlers });
      runner = jobRunner;
      const opened = openEngine({ settings, redisUrl: options.redisUrl, prefix, onError });
      engine = opened;
      relay = startOutboxRelay({
        db: settings.db,
        clock: settings.clock,
        pollMs: settings.pollMs,
        deliver: (rows) => opened.deliver(rows),
        onError: onError('relay', null),
      });
      const queues = new Set([...handlers.values()].map((handler) => handler.job.queue));
      for (const queue of queues) {
        opened.work(queue, queueConcurrency(startOptions.concurrency, queue), (job, token) =>
          processDelivery({ settings, handlers, runner: jobRunner, job, token }),
        );
      }
      const local = localRunner({
        runner: jobRunner,
        engine: opened,
        queues,
        concurrency: startOptions.concurrency,
        onError,
      });
      core.setLocalRunner(local);
      directory = await startDirectDelivery({
        settings,
        redisUrl: options.redisUrl,
        prefix,
        engine: opened,
        handlers,
        local,
        running: () => state === 'started',
        setRemoteRunner: core.setRemoteRunner,
        onError,
      });
      const stopReconciling = startPeriodicTask({
        task: async () => {
          const now = settings.clock();
          const lost = await reconcileJobs({
            db: settings.db,
            now,
            graceMs: reconcileMs,
            inEngine: opened.holds,
          });
          if (lost > 0) relay?.wake();
        },
        intervalMs: reconcileMs,
        onError: onError('reconcile', null),
        immediate: false,
      });
      const stopSweeps = core.startSweeps();
      core.scheduler.start();
      stopBackground = () => {
        stopReconciling();
        stopSweeps();
        core.scheduler.stop();
      };
    },
    async stop(stopOptions = {}) {
      if (state !== 'started' || !engine) return;
      state = 'stopped';
      core.setLocalRunner(null);
      core.setRemoteRunner(null);
      // Out of the directory first: no more deliveries straight to this process.
      await directory?.close();
      stopBackground?.();
      const closing = engine.closeWorkers();
      await runner?.drain(stopOptions.graceMs ?? 10_000);
      await closing;
      await relay?.stop();
      await engine.close();
    },
  };
}

/**
 * Local pick-ups with BullMQ (ADR 0029): a job this process stored already claimed runs here without
 * going through Redis (its row is marked relayed, so the relay leaves it alone). If the process dies,
 * the reconciler finds its expired lease and hands it to the relay. A retry or a hand-back goes to
 * BullMQ at once, for whichever worker is free. At most `concurrency` local pick-ups per queue run at
 * once, beside the BullMQ worker's own deliveries.
 */
function localRunner(options: {
  runner: JobRunner;
  engine: Engine;
  queues: ReadonlySet<string>;
  concurrency: StartJobsOptions['concurrency'];
  onError: (step: string, queue: string | null) => (error: unknown) => void;
}): LocalRunner {
  const active = new Map<string, number>();
  const deliverLater = (row: JobRow, runAt: Date) =>
    options.engine
      .deliver([{ ...row, status: 'failed', run_at: runAt, lease_expires_at: null }])
      .catch(options.onError('relay', row.queue));
  return {
    canRun: (queue) =>
      options.queues.has(queue) && (active.get(queue) ?? 0) < queueConcurrency(options.concurrency, queue),
    run(row) {
      active.set(row.queue, (active.get(row.queue) ?? 0) + 1);
      options.runner
        .run(row)
        .then((outcome) => {
          if (outcome.type === 'retried') return deliverLater(row, outcome.retryAt);
          if (outcome.type === 'released') return deliverLater(row, new Date(0));
          return undefined;
        })
        .catch(options.onError('run', row.queue))
        .finally(() => active.set(row.queue, (active.get(row.queue) ?? 1) - 1));
    },
  };
}

/**
 * Direct delivery (ADR 0073): a worker process announces itself and listens for jobs handed to it; every
 * process may hand a `runHere` job it cannot run itself to a worker from the directory. A delivery no one
 * received is handed to BullMQ; one that failed to publish is left to its lease.
 */
async function startDirectDelivery(options: {
  settings: JobQueueSettings;
  redisUrl: string;
  prefix: string;
  engine: Engine;
  handlers: ReadonlyMap<string, JobHandler<unknown>>;
  local: LocalRunner;
  running: () => boolean;
  setRemoteRunner: (runner: RemoteRunner | null) => void;
  onError: (step: string, queue: string | null) => (error: unknown) => void;
}): Promise<WorkerDirectory> {
  const { settings, engine, handlers, local, onError } = options;
  const directory = createWorkerDirectory({
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    processId: settings.processId,
    onError: (step) => onError(step, null),
  });
  const handOver = (row: JobRow) => handBack({ settings, engine, row, onError });
  const queues = [...new Set([...handlers.values()].map((handler) => handler.job.queue))];
  if (queues.length > 0) {
    await directory.listen(queues, (delivery) =>
      receiveDirect({ delivery, handlers, local, running: options.running, handOver, onError }),
    );
  }
  options.setRemoteRunner({
    pick: (queue) => directory.pick(queue),
    send: (worker, row, attachment) => {
      directory.send(worker, { row, attachment }).then(
        (received) => (received ? undefined : handOver(row)),
        // Maybe received: left to its lease, which the reconciler hands over if no one renews it.
        onError('direct', row.queue),
      );
    },
  });
  return directory;
}

/**
 * A job handed straight to this process (ADR 0073): run in a local slot like a local pick-up, after its
 * handler's `receive` saw what came with it. Without a slot, a handler or while stopping: handed over.
 */
function receiveDirect(options: {
  delivery: DirectDelivery;
  handlers: ReadonlyMap<string, JobHandler<unknown>>;
  local: LocalRunner;
  running: () => boolean;
  handOver: (row: JobRow) => void;
  onError: (step: string, queue: string | null) => (error: unknown) => void;
}): void {
  const { row, attachment } = options.delivery;
  const handler = options.handlers.get(`${row.name}@${row.version}`);
  if (!handler || !options.running() || !options.local.canRun(row.queue)) {
    options.handOver(row);
    return;
  }
  const payload = handler.job.payload.safeParse(row.payload);
  if (payload.success && handler.receive) {
    try {
      handler.receive(payload.data, attachment);
    } catch (error) {
      options.onError('direct', row.queue)(error);
    }
  }
  options.local.run(row);
}

/**
 * A job stored claimed for a worker that will not run it (none received it, or it had no slot): released
 * under its lease (not counted as an attempt) and handed to BullMQ for whichever worker is free. If the
 * release fails, the row keeps its lease, and the reconciler hands it over once that expires.
 */
function handBack(options: {
  settings: JobQueueSettings;
  engine: Engine;
  row: JobRow;
  onError: (step: string, queue: string | null) => (error: unknown) => void;
}): void {
  const { settings, row } = options;
  const now = settings.clock();
  releaseJob(settings.db, { id: row.id, token: row.lease_token ?? '', now })
    .then((released) =>
      released
        ? options.engine.deliver([{ ...row, status: 'queued', run_at: now, lease_expires_at: null }])
        : undefined,
    )
    .catch(options.onError('direct', row.queue));
}

/** What a delivery to BullMQ needs of a row. */
type Deliverable = Pick<
  JobRow,
  'id' | 'queue' | 'name' | 'version' | 'priority' | 'status' | 'run_at' | 'lease_expires_at'
>;

interface Engine {
  deliver(rows: Deliverable[]): Promise<void>;
  holds(job: { id: string; queue: string }): Promise<boolean>;
  work(
    queue: string,
    concurrency: number,
    process: (job: Job, token: string | undefined) => Promise<void>,
  ): void;
  closeWorkers(): Promise<void>;
  close(): Promise<void>;
}

/** Redis, BullMQ queues (created when first needed) and workers of one queue instance. */
function openEngine(options: {
  settings: JobQueueSettings;
  redisUrl: string;
  prefix: string;
  onError: (step: string, queue: string | null) => (error: unknown) => void;
}): Engine {
  const { settings, prefix } = options;
  // BullMQ's workers block on Redis: ioredis must retry their commands forever, not give up.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', options.onError('redis', null));
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  const queueFor = (name: string) => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix });
      queue.on('error', options.onError('bullmq', name));
      queues.set(name, queue);
    }
    return queue;
  };
  return {
    async deliver(rows) {
      const now = settings.clock().getTime();
      const byQueue = Map.groupBy(rows, (row) => row.queue);
      for (const [name, batch] of byQueue) {
        await queueFor(name).addBulk(
          batch.map((row) => {
            const due = row.status === 'running' ? (row.lease_expires_at ?? row.run_at) : row.run_at;
            return {
              name: `${row.name}@${row.version}`,
              data: {},
              opts: {
                jobId: row.id,
                delay: Math.max(0, due.getTime() - now),
                ...(row.priority > 0 ? { priority: row.priority } : {}),
                attempts: 1,
                removeOnComplete: true,
                removeOnFail: true,
              },
            };
          }),
        );
      }
    },
    async holds(job) {
      const queue = queueFor(job.queue);
      const state = await queue.getJobState(job.id);
      if (state === 'unknown') return false;
      if (state === 'completed' || state === 'failed') {
        await queue.remove(job.id);
        return false;
      }
      return true;
    },
    work(queue, concurrency, process) {
      const worker = new Worker(queue, process, {
        connection,
        prefix,
        concurrency,
        // The row's lease is the truth; BullMQ's lock follows it (renewed by the job heartbeat), so a
        // worker that stops renewing loses both and BullMQ's stalled check redelivers the job.
        lockDuration: settings.leaseMs,
        skipLockRenewal: true,
        stalledInterval: settings.leaseMs,
        // Attempts are counted on the row; BullMQ must never give up on a job by itself.
        maxStalledCount: 1_000_000,
      });
      worker.on('error', options.onError('bullmq', queue));
      worker.on('failed', (_job, error) => options.onError('delivery', queue)(error));
      workers.push(worker);
    },
    async closeWorkers() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      // quit waits for Redis to answer; an unreachable one must not hold the shutdown.
      const quitting = connection.quit().catch(options.onError('redis', null));
      const timer = setTimeout(() => connection.disconnect(), 2000);
      await quitting;
      clearTimeout(timer);
    },
  };
}

/**
 * Runs one BullMQ delivery: claim the row (the fence), run the handler, and map the row's outcome back
 * to BullMQ. A delivery that finds the row not due (early, or leased to a live worker) comes back when it
 * will be; one that finds it finished, dead or gone is dropped.
 */
async function processDelivery(options: {
  settings: JobQueueSettings;
  handlers: ReadonlyMap<string, JobHandler<unknown>>;
  runner: JobRunner;
  job: Job;
  token: string | undefined;
}): Promise<void> {
  const { settings, job, token } = options;
  const later = async (at: Date): Promise<never> => {
    const wait = Math.max(minimumRedeliveryMs, at.getTime() - settings.clock().getTime());
    await job.moveToDelayed(Date.now() + wait, token);
    throw new DelayedError();
  };
  const handler = options.handlers.get(job.name);
  // Another version of the job: a worker that has its handler will take it.
  if (!handler || !job.id) return later(new Date(settings.clock().getTime() + settings.leaseMs));
  const lease = {
    token: settings.newId(),
    owner: settings.processId,
    now: settings.clock(),
    leaseMs: settings.leaseMs,
  };
  const claim = await claimDelivery({ settings, handler, id: job.id, lease });
  if (claim.claimed) {
    // BullMQ's lock was taken at delivery, before the claim's transaction; it restarts with the row's
    // lease here, so a slow claim does not leave it to lapse before the first heartbeat renews it.
    // Not fatal: the row's lease is the truth, and the heartbeat tries again. Not waited for before the
    // handler starts (a Redis round trip on the way to the run's first event), only before the outcome is
    // handed back to BullMQ, whose completion follows it on the same connection.
    const extended = job
      .extendLock(token ?? '', settings.leaseMs)
      .catch((error: unknown) =>
        settings.logger.warn({ err: error, job: job.id }, 'BullMQ lock not extended'),
      );
    const outcome = await options.runner.run(claim.row, {
      onHeartbeat: () => job.extendLock(token ?? '', settings.leaseMs),
      claimed: claim.alongside,
    });
    await extended;
    if (outcome.type === 'retried') return later(outcome.retryAt);
    if (outcome.type === 'released') return later(settings.clock());
    return;
  }
  const current = claim.current;
  if (!current) return;
  if (current.status === 'queued' || current.status === 'failed') return later(current.run_at);
  if (current.status === 'running' && current.lease_expires_at && current.lease_expires_at > lease.now) {
    return later(current.lease_expires_at);
  }
}

/**
 * Claims a delivery's row and, when its handler has a claim hook, does the hook's work in the same
 * transaction (ADR 0058). If that transaction fails, the failure is reported and the row is claimed
 * again without the hook: the handler then does that work itself, where a failure counts as the attempt's.
 */
async function claimDelivery(options: {
  settings: JobQueueSettings;
  handler: JobHandler<unknown>;
  id: string;
  lease: LeaseGrant;
}): Promise<TargetedClaim<unknown>> {
  const { settings, handler, id, lease } = options;
  const plain = { id, keys: [handler.job.key], lease, markRelayed: true };
  const hook = handler.claim;
  if (!hook) return claimJob(settings.db, plain);
  try {
    return await claimJob(settings.db, {
      ...plain,
      alongside: (tx, row) => {
        const payload = handler.job.payload.safeParse(row.payload);
        if (!payload.success || !row.client_id) return Promise.resolve(undefined);
        const jobLease = { jobId: row.id, token: row.lease_token ?? '' };
        return hook(tx, payload.data, {
          jobId: row.id,
          attempt: row.attempts,
          clientId: row.client_id,
          lease: jobLease,
        });
      },
    });
  } catch (error) {
    settings.logger.warn({ err: error, job: id }, 'claim hook failed; claiming the job without it');
    return claimJob(settings.db, plain);
  }
}
