import type { Transaction } from '@renum/db';
import type { JobDefinition } from './define-job.ts';
import type { JobLogger } from './job-observer.ts';

/** What a handler knows about the attempt it runs. */
export interface JobContext<Claimed = unknown> {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** The client the job belongs to, if any: its work runs in that client's scope. */
  clientId: string | null;
  /** When the job was due (for a scheduled job: its tick). */
  runAt: Date;
  /**
   * Aborted when this worker lost the job: its lease went to another worker, or the queue is stopping
   * and handed it back. Whatever the handler does afterwards is not recorded as the job's outcome.
   */
  signal: AbortSignal;
  /** Child logger carrying the job's id, name and attempt. */
  logger: JobLogger;
  /**
   * This attempt's lease, for a handler that commits its own work and completes its job in the same
   * transaction ({@link completeJobInTransaction}), then resolves with `{ completed: true }`.
   */
  lease: JobLease;
  /**
   * What the handler's {@link JobClaimHook} answered in the transaction that claimed this attempt, or
   * undefined when the attempt was claimed without it (a local pick-up, the embedded engine's batch claim,
   * or a hook that failed and was left out).
   */
  claimed?: Claimed | undefined;
}

/**
 * Work a handler does in the transaction that claims its job for a delivery (ADR 0058), so the claim of
 * the job and of what the job works on are one commit. `tx` is already narrowed to the job's client
 * (`renum_app`); the hook runs only for jobs that belong to a client. If it throws, the claim rolls back
 * and the delivery is claimed again without the hook (the handler then does that work itself).
 */
export type JobClaimHook<Payload, Claimed> = (
  tx: Transaction,
  payload: Payload,
  job: { jobId: string; attempt: number; clientId: string; lease: JobLease },
) => Promise<Claimed>;

/** The job and lease token of one attempt. */
export interface JobLease {
  jobId: string;
  token: string;
}

/** What a handler resolves with once its own transaction completed its job. */
export interface CompletedInTransaction {
  completed: true;
}

/**
 * Does one job's work. Resolving completes the job (unless it resolves with `{ completed: true }`: its
 * own transaction did); throwing fails the attempt (retried with backoff while attempts remain, or straight to `dead` for an `UnrecoverableJobError`). Delivery is at least
 * once, so a handler must be idempotent: running it twice for one job id must leave one effect.
 */
export type JobHandlerFunction<Payload, Claimed = unknown> = (
  payload: Payload,
  context: JobContext<Claimed>,
) => Promise<JobHandlerResult>;

/** Nothing (most handlers: an async body without `return`), or that the handler completed its job. */
// biome-ignore lint/suspicious/noConfusingVoidType: `undefined` would refuse a body without `return`
export type JobHandlerResult = void | CompletedInTransaction;

/** A handler bound to its job declaration, ready to give to `JobQueue.start`. */
export interface JobHandler<Payload = unknown, Claimed = unknown> {
  readonly job: JobDefinition<Payload>;
  readonly run: JobHandlerFunction<Payload, Claimed>;
  /** Work done in the claim's transaction of a delivered job; see {@link JobClaimHook}. */
  readonly claim?: JobClaimHook<Payload, Claimed> | undefined;
  /**
   * Told, just before it runs, of a job handed straight to this process by the one that enqueued it
   * (ADR 0073), with what that process attached (`EnqueueOptions.attachment`): such as the context it read,
   * so the handler need not read it again. Must not throw; the job runs whatever it does.
   */
  readonly receive?: ((payload: Payload, attachment: unknown) => void) | undefined;
}

/**
 * Binds a handler to its declaration. Each handler sits in a file of its own, next to the use-cases it
 * calls, and gets its dependencies from a factory: `export const summarizeHandler = (deps) =>
 * handleJob(summarizeJob, async (payload, context) => …)`.
 */
export function handleJob<Payload, Claimed = unknown>(
  job: JobDefinition<Payload>,
  run: JobHandlerFunction<Payload, Claimed>,
  claim?: JobClaimHook<Payload, Claimed>,
  receive?: JobHandler<Payload, Claimed>['receive'],
): JobHandler<Payload, Claimed> {
  return { job, run, ...(claim ? { claim } : {}), ...(receive ? { receive } : {}) };
}
