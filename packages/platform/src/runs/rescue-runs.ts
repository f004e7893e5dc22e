import { jobs, runs, withClient, withPlatform } from '@renum/db';
import { and, eq, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import { startPeriodicTask } from '../jobs/periodic-task.ts';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { maxRunClaims } from './execute-run.ts';
import { runExecuteJob } from './run-jobs.ts';

/** A run the sweep found with no job left to finish it. */
export interface StrandedRun {
  id: string;
  clientId: string;
  claims: number;
}

/**
 * Runs that no job will ever finish (ADR 0009's invariant "never running forever", kept against causes
 * not foreseen): `queued` or `running`, not a team step's (its `team.step` job drives it), idle for longer
 * than `graceMs` (its lease lapsed that long ago, or never claimed and queued that long ago), and without
 * a `run.execute` job that is still queued, running or waiting to retry. A job that completed or died
 * while its run stayed unsettled is what this finds.
 */
function strandedRuns(cutoff: Date) {
  return and(
    inArray(runs.status, ['queued', 'running']),
    isNull(runs.execution_id),
    isNotNull(runs.conversation_id),
    lte(runs.claims, maxRunClaims),
    or(
      and(eq(runs.status, 'running'), or(isNull(runs.lease_expires_at), lt(runs.lease_expires_at, cutoff))),
      and(eq(runs.status, 'queued'), lt(runs.queued_at, cutoff)),
    ),
    sql`not exists (${liveJobOf(sql`${runs.id}::text`)})`,
  );
}

/** The `run.execute` jobs of a run that will still run: queued, running or waiting to retry. */
function liveJobOf(runId: SQL) {
  return sql`select 1 from ${jobs} where ${jobs.name} = ${runExecuteJob.name}
    and ${jobs.status} in ('queued', 'running', 'failed') and ${jobs.payload}->>'run_id' = ${runId}`;
}

/**
 * One pass: gives each stranded run a fresh `run.execute` job (its idempotency key names the run and its
 * claim count, so one pass and the next, or two processes, enqueue it once), and reports each as a failure
 * (`run.stranded`), since a run should never need it. Answers the runs rescued.
 */
export async function rescueStrandedRuns(
  deps: PlatformDeps,
  options: { jobs: JobQueue; graceMs: number; limit?: number },
): Promise<StrandedRun[]> {
  const cutoff = new Date(deps.clock().getTime() - options.graceMs);
  const stranded = await withPlatform(deps.db, (tx) =>
    tx
      .select({ id: runs.id, clientId: runs.client_id, claims: runs.claims })
      .from(runs)
      .where(strandedRuns(cutoff))
      .limit(options.limit ?? 100),
  );
  for (const run of stranded) {
    await withClient(deps.db, run.clientId, (tx) =>
      options.jobs.enqueue(
        tx,
        runExecuteJob,
        { run_id: run.id, client_id: run.clientId },
        { idempotencyKey: `run:${run.id}:rescue:${run.claims}` },
      ),
    );
    reportFailure(
      deps,
      'run.stranded',
      new Error('A run had no job left to finish it; a new job was enqueued'),
      {
        run_id: run.id,
        claims: run.claims,
      },
    );
  }
  return stranded;
}

/** Sweeps for stranded runs every `intervalMs` in a process that executes runs. The answer stops it. */
export function startRunRescue(
  deps: PlatformDeps,
  options: { jobs: JobQueue; intervalMs: number; graceMs: number },
): () => void {
  return startPeriodicTask({
    task: () => rescueStrandedRuns(deps, options),
    intervalMs: options.intervalMs,
    onError: (error) => reportFailure(deps, 'run.rescue', error),
    immediate: false,
  });
}
