import { type Database, jobs, withPlatform } from '@renum/db';
import { inArray, sql } from 'drizzle-orm';

/** How much work one queue holds right now (issue 16: `/metrics` and the monitoring page). */
export interface QueueDepth {
  queue: string;
  /** Jobs waiting: due now or later. */
  queued: number;
  /** Jobs a worker holds. */
  running: number;
  /** Dead-lettered jobs kept for people to look at. */
  dead: number;
  /** Seconds the longest-waiting due job has waited past its `run_at`; 0 when none is due. */
  oldestDueAgeSeconds: number;
}

/**
 * Counts the jobs of every queue by status, and the age of the oldest due one, in one grouped read
 * (platform scope: jobs of every client). Completed and failed rows are left out: they are history.
 */
export async function readQueueDepths(options: { db: Database; now: Date }): Promise<QueueDepth[]> {
  const { db, now } = options;
  const rows = await withPlatform(db, (tx) =>
    tx
      .select({
        queue: jobs.queue,
        queued: sql<number>`count(*) filter (where ${jobs.status} = 'queued')::int`,
        running: sql<number>`count(*) filter (where ${jobs.status} = 'running')::int`,
        dead: sql<number>`count(*) filter (where ${jobs.status} = 'dead')::int`,
        oldestDue: sql<
          Date | string | null
        >`min(${jobs.run_at}) filter (where ${jobs.status} = 'queued' and ${jobs.run_at} <= ${now.toISOString()}::timestamptz)`,
      })
      .from(jobs)
      .where(inArray(jobs.status, ['queued', 'running', 'dead']))
      .groupBy(jobs.queue),
  );
  return rows.map((row) => ({
    queue: row.queue,
    queued: Number(row.queued),
    running: Number(row.running),
    dead: Number(row.dead),
    oldestDueAgeSeconds:
      row.oldestDue === null ? 0 : Math.max(0, (now.getTime() - new Date(row.oldestDue).getTime()) / 1000),
  }));
}
