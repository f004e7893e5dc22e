import { jobs, runs, withClient, withPlatform } from '@renum/db';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { announceConversationActivity } from '../conversations/conversation-feed.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { EventBus, PublishFailureReporter } from './event-bus.ts';
import { openRunEventWriter } from './run-event-writer.ts';
import { interruptedEvent } from './run-interruption.ts';
import { runExecuteJob } from './run-jobs.ts';

/**
 * What the job queue cannot recover by itself (ADR 0009): a run is recovered by its `run.execute` job
 * being claimed again once its worker's lease expires. This settles runs left by earlier versions, which
 * had no job: a `running` one with no lease token and an expired lease is marked failed `INTERRUPTED`
 * (with its error event), a `queued` one gets its job. `alone`: this process is the only one on its
 * database (the embedded one, at boot), so every job lease still held is released at once and its run
 * is resumed without waiting for the lease to expire.
 */
export async function recoverRuns(
  deps: PlatformDeps,
  options: {
    bus: EventBus;
    jobs: JobQueue;
    onPublishError?: PublishFailureReporter | undefined;
    alone?: boolean | undefined;
  },
): Promise<{ enqueued: string[]; interrupted: string[]; released: number }> {
  const now = deps.clock();
  const released = options.alone ? await releaseHeldJobs(deps, now) : 0;
  const orphans = await withPlatform(deps.db, (tx) =>
    tx
      .select({
        id: runs.id,
        clientId: runs.client_id,
        status: runs.status,
        conversationId: runs.conversation_id,
      })
      .from(runs)
      .where(
        and(
          isNull(runs.lease_token),
          isNull(runs.execution_id), // a team step's run is driven by its `team.step` job, never alone
          or(
            and(
              eq(runs.status, 'running'),
              or(isNull(runs.lease_expires_at), lt(runs.lease_expires_at, now)),
            ),
            and(
              eq(runs.status, 'queued'),
              eq(runs.claims, 0),
              lt(runs.queued_at, new Date(now.getTime() - 5000)),
            ),
          ),
        ),
      ),
  );
  const enqueued: string[] = [];
  const interrupted: string[] = [];
  for (const orphan of orphans) {
    if (orphan.status === 'queued') {
      await withClient(deps.db, orphan.clientId, (tx) =>
        options.jobs.enqueue(
          tx,
          runExecuteJob,
          { run_id: orphan.id, client_id: orphan.clientId },
          {
            idempotencyKey: `run:${orphan.id}`,
          },
        ),
      );
      enqueued.push(orphan.id);
    } else if (await interruptLegacyRun(deps, options, orphan, now)) {
      interrupted.push(orphan.id);
    }
  }
  return { enqueued, interrupted, released };
}

async function releaseHeldJobs(deps: PlatformDeps, now: Date): Promise<number> {
  const rows = await withPlatform(deps.db, (tx) =>
    tx
      .update(jobs)
      .set({ lease_expires_at: now })
      .where(eq(jobs.status, 'running'))
      .returning({ id: jobs.id }),
  );
  return rows.length;
}

async function interruptLegacyRun(
  deps: PlatformDeps,
  options: { bus: EventBus; onPublishError?: PublishFailureReporter | undefined },
  orphan: { id: string; clientId: string; conversationId: string | null },
  now: Date,
): Promise<boolean> {
  if (!orphan.conversationId) return false;
  const writer = await openRunEventWriter({
    db: deps.db,
    bus: options.bus,
    onPublishError: options.onPublishError,
    clientId: orphan.clientId,
    conversationId: orphan.conversationId,
    runId: orphan.id,
    clock: deps.clock,
    newId: deps.newId,
    skipSeq: 1024,
  });
  const event = await withClient(deps.db, orphan.clientId, async (tx) => {
    const settled = await tx
      .update(runs)
      .set({
        status: 'failed',
        error_code: 'INTERRUPTED',
        error_message: 'The process running this answer stopped before it finished',
        finished_at: now,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where(and(eq(runs.id, orphan.id), eq(runs.status, 'running'), isNull(runs.lease_token)))
      .returning({ id: runs.id });
    return settled.length > 0 ? writer.writeTerminal(tx, interruptedEvent) : null;
  });
  if (event) {
    await writer.publish(event);
    announceConversationActivity(deps, { clientId: orphan.clientId, conversationId: orphan.conversationId });
  }
  return event !== null;
}
