import { type Database, jobs, withPlatform } from '@renum/db';
import { and, eq, inArray, isNotNull, lt, or, type SQL } from 'drizzle-orm';

/** A relayed row that is overdue, as the reconciler sees it. */
export interface StrandedJob {
  id: string;
  queue: string;
  name: string;
  version: number;
}

/**
 * Rows the engine should hold by now but maybe does not (Redis flushed or failed over, a delivery lost
 * while its worker crashed): relayed more than `graceMs` ago and either due for longer than that, or
 * running under a lease that expired longer ago than that, with attempts left.
 */
function stranded(cutoff: Date): SQL {
  return and(
    isNotNull(jobs.relayed_at),
    lt(jobs.relayed_at, cutoff),
    or(
      and(inArray(jobs.status, ['queued', 'failed']), lt(jobs.run_at, cutoff)),
      and(
        eq(jobs.status, 'running'),
        lt(jobs.lease_expires_at, cutoff),
        lt(jobs.attempts, jobs.max_attempts),
      ),
    ),
  ) as SQL;
}

/**
 * One reconciliation pass: asks `inEngine` about up to `limit` overdue relayed rows, oldest first, and
 * marks those the engine has lost as not relayed, so the relay hands them over again. Answers how many.
 */
export async function reconcileJobs(options: {
  db: Database;
  now: Date;
  graceMs: number;
  limit?: number;
  inEngine: (job: StrandedJob) => Promise<boolean>;
}): Promise<number> {
  const cutoff = new Date(options.now.getTime() - options.graceMs);
  const candidates = await withPlatform(options.db, (tx) =>
    tx
      .select({ id: jobs.id, queue: jobs.queue, name: jobs.name, version: jobs.version })
      .from(jobs)
      .where(stranded(cutoff))
      .orderBy(jobs.run_at)
      .limit(options.limit ?? 500),
  );
  const lost: string[] = [];
  for (const job of candidates) {
    if (!(await options.inEngine(job))) lost.push(job.id);
  }
  if (lost.length === 0) return 0;
  const unrelayed = await withPlatform(options.db, (tx) =>
    tx
      .update(jobs)
      .set({ relayed_at: null })
      .where(and(inArray(jobs.id, lost), stranded(cutoff)))
      .returning({ id: jobs.id }),
  );
  return unrelayed.length;
}
