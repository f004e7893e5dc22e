import type { Database } from '@renum/db';
import { retryDelayMs } from './backoff.ts';
import type { JobRow } from './claim-jobs.ts';
import type { JobHandler } from './job-handler.ts';
import type { JobEventSubject, JobObserver } from './job-observer.ts';
import {
  buryJob,
  completeJob,
  describeJobError,
  extendLease,
  type HeldLease,
  releaseJob,
  retryJob,
  settlePersistently,
} from './settle-job.ts';
import { UnrecoverableJobError } from './unrecoverable-job-error.ts';

/** How one claimed job ended for this worker. */
export type RunOutcome =
  | { type: 'completed' }
  | { type: 'retried'; retryAt: Date }
  | { type: 'dead' }
  /** Handed back by {@link JobRunner.drain}. */
  | { type: 'released' }
  /** The lease was no longer this worker's when it settled: nothing recorded. */
  | { type: 'fenced' }
  /** The settlement itself failed (reported); the lease will expire and the job run again. */
  | { type: 'unsettled' };

/** What an engine adds to one run of a job. */
export interface RunHooks {
  /** Extra work per heartbeat (the BullMQ engine extends its Redis lock there). */
  onHeartbeat?: () => Promise<unknown>;
  /** What the handler's claim hook answered in the claim's transaction (ADR 0058): the handler's `context.claimed`. */
  claimed?: unknown;
}

/** Runs claimed jobs with a heartbeat, and settles each under its lease. Shared by both engines. */
export interface JobRunner {
  run(row: JobRow, hooks?: RunHooks): Promise<RunOutcome>;
  /** Jobs running now. */
  active(): number;
  /** Waits up to `graceMs` for the running jobs, then hands the others back (their handlers are aborted). */
  drain(graceMs: number): Promise<void>;
}

/** What a {@link JobRunner} needs. */
export interface JobRunnerOptions {
  db: Database;
  clock: () => Date;
  random: () => number;
  observer: JobObserver;
  /** Handlers by `name@version`. */
  handlers: ReadonlyMap<string, JobHandler<unknown>>;
  leaseMs: number;
  heartbeatMs: number;
}

interface Running {
  release: () => void;
  /** Settles when the run has returned (its job settled or handed back). */
  done: Promise<void>;
}

/** `completed`: the handler's own transaction completed the job. */
type HandlerResult = { ok: true; completed: boolean } | { ok: false; error: unknown };
const released = Symbol('released');

/** Creates the runner of one queue instance. */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, clock, observer } = options;
  const running = new Map<string, Running>();
  let draining = false;

  async function run(row: JobRow, hooks: RunHooks = {}): Promise<RunOutcome> {
    const subject: JobEventSubject = { id: row.id, queue: row.queue, name: row.name, attempt: row.attempts };
    const lease = (): HeldLease => ({ id: row.id, token: row.lease_token ?? '', now: clock() });
    observer.emit({ type: 'claimed', job: subject });
    // Claimed while the queue is stopping (a delivery already on its way): not started, handed back.
    if (draining) return handBack(lease(), subject);
    const handler = options.handlers.get(`${row.name}@${row.version}`);
    const parsed = handler?.job.payload.safeParse(row.payload);
    if (!handler || !parsed?.success) {
      const reason = handler
        ? `payload does not match ${handler.job.key}`
        : `no handler for ${row.name}@${row.version}`;
      return settle(row, subject, lease, {
        ok: false,
        error: new UnrecoverableJobError(reason, { cause: parsed?.error }),
      });
    }
    const controller = new AbortController();
    let release!: () => void;
    const releasedSignal = new Promise<typeof released>((resolve) => {
      release = () => resolve(released);
    });
    const stopHeartbeat = startHeartbeat(row, subject, controller, hooks);
    const started = Date.now();
    const context = {
      jobId: row.id,
      attempt: row.attempts,
      maxAttempts: row.max_attempts,
      clientId: row.client_id,
      runAt: row.run_at,
      signal: controller.signal,
      logger: observer.logger.child({ job_id: row.id, job: handler.job.key, attempt: row.attempts }),
      lease: { jobId: row.id, token: row.lease_token ?? '' },
      claimed: hooks.claimed,
    };
    const work: Promise<HandlerResult> = Promise.resolve()
      .then(() => handler.run(parsed.data, context))
      .then(
        (value) => ({ ok: true, completed: value?.completed === true }) as const,
        (error: unknown) => ({ ok: false, error }) as const,
      );
    let markDone!: () => void;
    running.set(row.id, { release, done: new Promise<void>((resolve) => (markDone = resolve)) });
    try {
      const result = await Promise.race([work, releasedSignal]);
      stopHeartbeat();
      if (result === released) {
        controller.abort(new Error('The job queue is stopping; the job was handed back'));
        return await handBack(lease(), subject);
      }
      return await settle(row, subject, lease, result, Date.now() - started);
    } finally {
      stopHeartbeat();
      running.delete(row.id);
      markDone();
    }
  }

  function startHeartbeat(
    row: JobRow,
    subject: JobEventSubject,
    controller: AbortController,
    hooks: RunHooks,
  ) {
    let beating = false;
    let stopped = false;
    let extending = false;
    const timer = setInterval(async () => {
      if (beating || controller.signal.aborted) return;
      beating = true;
      try {
        const kept = await extendLease(db, {
          id: row.id,
          token: row.lease_token ?? '',
          now: clock(),
          leaseMs: options.leaseMs,
        });
        // A beat that was on its way when the job settled finds the lease gone: that is no loss.
        if (stopped) return;
        if (!kept) {
          clearInterval(timer);
          observer.emit({ type: 'lease_lost', job: subject });
          controller.abort(new Error('The job lease was lost to another worker'));
          return;
        }
        // Redis (BullMQ's lock) is renewed beside the lease, never in its way: a slow Redis must not
        // hold up the row's renewal, which is what keeps the job this worker's.
        if (hooks.onHeartbeat && !extending) {
          extending = true;
          hooks
            .onHeartbeat()
            .catch((error: unknown) =>
              observer.emit({ type: 'error', step: 'heartbeat', queue: row.queue, error }),
            )
            .finally(() => {
              extending = false;
            });
        }
      } catch (error) {
        observer.emit({ type: 'error', step: 'heartbeat', queue: row.queue, error });
      } finally {
        beating = false;
      }
    }, options.heartbeatMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  async function settle(
    row: JobRow,
    subject: JobEventSubject,
    lease: () => HeldLease,
    result: HandlerResult,
    durationMs = 0,
  ): Promise<RunOutcome> {
    const persist = <T>(write: () => Promise<T>) =>
      settlePersistently(write, (error) =>
        observer.emit({ type: 'error', step: 'settle (will retry)', queue: row.queue, error }),
      );
    try {
      if (result.ok) {
        const done = result.completed || (await persist(() => completeJob(db, lease())));
        if (!done) return fence(subject, 'completed');
        observer.emit({ type: 'completed', job: subject, durationMs });
        return { type: 'completed' };
      }
      const error = describeJobError(result.error);
      const handler = options.handlers.get(`${row.name}@${row.version}`);
      if (UnrecoverableJobError.isInstance(result.error) || row.attempts >= row.max_attempts || !handler) {
        if (!(await persist(() => buryJob(db, { ...lease(), error })))) return fence(subject, 'failed');
        observer.emit({ type: 'dead', job: subject, error: result.error });
        return { type: 'dead' };
      }
      const now = clock();
      const delay = retryDelayMs(handler.job.retry.backoff, row.attempts, options.random);
      const retryAt = new Date(now.getTime() + delay);
      const retried = await persist(() => retryJob(db, { ...lease(), now, runAt: retryAt, error }));
      if (!retried) return fence(subject, 'failed');
      observer.emit({ type: 'retried', job: subject, error: result.error, retryAt });
      return { type: 'retried', retryAt };
    } catch (error) {
      observer.emit({ type: 'error', step: 'settle', queue: row.queue, error });
      return { type: 'unsettled' };
    }
  }

  function fence(subject: JobEventSubject, outcome: 'completed' | 'failed'): RunOutcome {
    observer.emit({ type: 'fenced', job: subject, outcome });
    return { type: 'fenced' };
  }

  async function handBack(lease: HeldLease, subject: JobEventSubject): Promise<RunOutcome> {
    try {
      if (!(await releaseJob(db, lease))) return fence(subject, 'failed');
      observer.emit({ type: 'released', job: subject });
      return { type: 'released' };
    } catch (error) {
      observer.emit({ type: 'error', step: 'release', queue: subject.queue, error });
      return { type: 'unsettled' };
    }
  }

  return {
    run,
    active: () => running.size,
    async drain(graceMs) {
      draining = true;
      const all = () => Promise.all([...running.values()].map((job) => job.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      for (const job of running.values()) job.release();
      // Each run now hands its job back (one statement) and returns.
      await all();
    },
  };
}
