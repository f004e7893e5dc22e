import { type Database, jobs, withPlatform } from '@renum/db';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { JobRow } from './claim-jobs.ts';

/**
 * Dead-letters running jobs whose lease expired on their last attempt: a worker that crashed on them
 * used the attempt, and nothing would claim them again.
 */
export function buryExpiredJobs(db: Database, now: Date): Promise<JobRow[]> {
  return withPlatform(db, (tx) =>
    tx
      .update(jobs)
      .set({
        status: 'dead',
        lease_token: null,
        lease_expires_at: null,
        last_error: sql`'Lease expired on attempt ' || ${jobs.attempts} || ' of ' || ${jobs.max_attempts} || ' (the worker stopped renewing it)'`,
        updated_at: now,
      })
      .where(
        and(
          eq(jobs.status, 'running'),
          lt(jobs.lease_expires_at, now),
          gte(jobs.attempts, jobs.max_attempts),
        ),
      )
      .returning(),
  );
}

/**
 * Deletes up to `limit` jobs completed before `before` (dead jobs stay, for people to look at). Their
 * idempotency keys become free again, so `before` must lie further back than any retried enqueue.
 */
export async function pruneCompletedJobs(db: Database, before: Date, limit = 1000): Promise<number> {
  const deleted = await withPlatform(db, (tx) => {
    const old = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, 'completed'), lt(jobs.completed_at, before)))
      .limit(limit)
      .for('update', { skipLocked: true });
    return tx.delete(jobs).where(inArray(jobs.id, old)).returning({ id: jobs.id });
  });
  return deleted.length;
}
