import { type Database, jobs, withPlatform } from '@renum/db';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { JobLease } from './job-handler.ts';

/** The lease a settlement must still hold. */
export interface HeldLease {
  id: string;
  token: string;
  now: Date;
}

/**
 * Every write of a worker to its job carries the lease token it claimed with: once the lease has been
 * taken over (expired and re-claimed) or handed back, the write matches no row and changes nothing.
 */
function held(lease: HeldLease) {
  return and(eq(jobs.id, lease.id), eq(jobs.lease_token, lease.token), eq(jobs.status, 'running'));
}

const noLease = { lease_token: null, lease_expires_at: null } as const;

async function fenced(db: Database, lease: HeldLease, set: PgUpdateSetSource<typeof jobs>) {
  const rows = await withPlatform(db, (tx) =>
    tx
      .update(jobs)
      .set({ ...set, updated_at: lease.now })
      .where(held(lease))
      .returning({ id: jobs.id }),
  );
  return rows.length === 1;
}

/** Renews a lease. False: the lease is no longer this worker's. */
export function extendLease(db: Database, lease: HeldLease & { leaseMs: number }): Promise<boolean> {
  return fenced(db, lease, { lease_expires_at: new Date(lease.now.getTime() + lease.leaseMs) });
}

/**
 * The job's completion as an expression for the handler's own transaction (migration 0025's
 * `renum_complete_job`, callable in a client's scope for that client's jobs): true when it completed the
 * job, false when the lease is no longer the handler's (nothing changed). Its work and the job's
 * completion then commit together.
 */
export function completeJobInTransaction(lease: JobLease, now: Date): SQL {
  return completeJobCall(lease.jobId, lease.token, now.toISOString());
}

/**
 * {@link completeJobInTransaction} with the placeholders `job_id`, `job_token` and `job_now`, for a statement
 * built once (ADR 0074); {@link completeJobValues} gives their values.
 */
export function completeJobPlaceholders(): SQL {
  return completeJobCall(sql.placeholder('job_id'), sql.placeholder('job_token'), sql.placeholder('job_now'));
}

/** The values of {@link completeJobPlaceholders}, into `into`. */
export function completeJobValues(
  lease: JobLease,
  now: Date,
  into: Record<string, unknown>,
): Record<string, unknown> {
  into.job_id = lease.jobId;
  into.job_token = lease.token;
  into.job_now = now.toISOString();
  return into;
}

function completeJobCall(jobId: unknown, token: unknown, now: unknown): SQL {
  return sql`renum_complete_job(${jobId}::uuid, ${token}::uuid, ${now}::timestamptz)`;
}

/** Marks the job completed. False: a stale worker's late completion, not recorded. */
export function completeJob(db: Database, lease: HeldLease): Promise<boolean> {
  return fenced(db, lease, { ...noLease, status: 'completed', completed_at: lease.now, last_error: null });
}

/** Records a failed attempt and when to try again. */
export function retryJob(db: Database, lease: HeldLease & { runAt: Date; error: string }): Promise<boolean> {
  return fenced(db, lease, { ...noLease, status: 'failed', run_at: lease.runAt, last_error: lease.error });
}

/** Dead-letters the job with its last error; it is not tried again. */
export function buryJob(db: Database, lease: HeldLease & { error: string }): Promise<boolean> {
  return fenced(db, lease, { ...noLease, status: 'dead', last_error: lease.error });
}

/** Hands the job back, due at once, without counting the attempt it did not finish. */
export function releaseJob(db: Database, lease: HeldLease): Promise<boolean> {
  return fenced(db, lease, {
    ...noLease,
    status: 'queued',
    run_at: lease.now,
    attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
  });
}

/**
 * Runs a settlement, trying twice more (after 100 and 400 ms) when it throws, such as when the database
 * is briefly out of reach: a completion lost to a blip would otherwise cost the job an attempt. Each
 * failure is reported; the last one is thrown. A fenced write is an answer, not a failure.
 */
export async function settlePersistently<T>(
  write: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<T> {
  for (const pause of [100, 400]) {
    try {
      return await write();
    } catch (error) {
      onError(error);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  return write();
}

/** The error a job row keeps: name and message, with the causes' messages, bounded in length. */
export function describeJobError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- caused by ').slice(0, 4000);
}
