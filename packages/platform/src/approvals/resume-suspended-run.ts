import { approvalRequests, messages, runs, type Transaction, teamAgentExecutions } from '@renum/db';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import { runExecuteJob } from '../runs/run-jobs.ts';
import { teamStepJob } from '../teams/team-jobs.ts';
import { enqueueWhatsAppAnswer } from '../whatsapp/enqueue-run-answer.ts';
import type { ApprovalRow } from './approval-id.ts';

/** The run still answers (its part before the request, or another part): the resume job retries. */
export class RunStillAnswering extends Error {
  constructor(runId: string) {
    super(`The run ${runId} is still answering; the decision is reported once it is suspended`);
    this.name = 'RunStillAnswering';
  }
}

/**
 * How telling the model went: `resumed` (the run is queued again), `waiting` (told, but the run also
 * waits for another request), `reported` (done before), or `not-suspended` (the run had already ended
 * otherwise, stopped or failed: the model is told in a new run of the conversation).
 */
export type ResumeOutcome = 'resumed' | 'waiting' | 'reported' | 'not-suspended';

/**
 * Tells a suspended run the decision of one of its requests, in `tx` (ADR 0039): the outcome goes into
 * its conversation as the run's newest user message, the request is marked reported, and when no other
 * request of the run is left unreported the run is queued again (claims counted afresh, the routing
 * kept, its metered extra calls not metered twice) with a new job: `run.execute`, or for a team step
 * the step's `team.step`, whose worker executes the same run. The run's row lock orders concurrent
 * decisions of one run, so exactly one of them queues it. Throws {@link RunStillAnswering} while the run
 * is queued or running (the job retries), and a unique violation when another run of the conversation
 * answers (the same).
 */
export async function resumeSuspendedRun(
  tx: Transaction,
  options: {
    approval: ApprovalRow;
    outcome: string;
    jobs: Pick<JobQueue, 'enqueue'>;
    now: Date;
    newId: () => string;
  },
): Promise<ResumeOutcome> {
  const { approval, now } = options;
  const [run] = await tx.select().from(runs).where(eq(runs.id, approval.run_id)).for('update');
  const [current] = await tx
    .select({ reported: approvalRequests.reported_at })
    .from(approvalRequests)
    .where(eq(approvalRequests.id, approval.id));
  if (!run || current?.reported) return 'reported';
  if (run.status === 'queued' || run.status === 'running') throw new RunStillAnswering(run.id);
  if (run.status !== 'suspended') return 'not-suspended';
  await tx.insert(messages).values({
    id: options.newId(),
    client_id: run.client_id,
    conversation_id: approval.conversation_id,
    run_id: run.id,
    role: 'user',
    content: [{ type: 'text', text: options.outcome }],
    text: options.outcome,
  });
  await tx.update(approvalRequests).set({ reported_at: now }).where(eq(approvalRequests.id, approval.id));
  const [unreported] = await tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.run_id, run.id),
        ne(approvalRequests.id, approval.id),
        isNull(approvalRequests.reported_at),
      ),
    )
    .limit(1);
  if (unreported) return 'waiting';
  await tx
    .update(runs)
    .set({
      status: 'queued',
      claims: 0,
      suspensions: sql`${runs.suspensions} + 1`,
      cancel_requested_at: null,
      finished_at: null,
      // The routing stays; the extra calls it cost were metered when the run was suspended.
      checkpoint: sql`case when ${runs.checkpoint} is null then null
        else jsonb_set(${runs.checkpoint}, '{extra_calls}', '[]'::jsonb) end`,
      queued_at: now,
      updated_at: now,
    })
    .where(eq(runs.id, run.id));
  await enqueueResumedRun(tx, { run, approvalId: approval.id, jobs: options.jobs });
  // A WhatsApp conversation's contact gets what the resumed run answers (ADR 0045).
  await enqueueWhatsAppAnswer(tx, options.jobs, {
    clientId: run.client_id,
    runId: run.id,
    conversationId: run.conversation_id,
    key: approval.id,
  });
  return 'resumed';
}

/** The job that executes the queued run: its own `run.execute`, or its team step's `team.step`. */
async function enqueueResumedRun(
  tx: Transaction,
  options: { run: typeof runs.$inferSelect; approvalId: string; jobs: Pick<JobQueue, 'enqueue'> },
) {
  const { run, jobs } = options;
  if (run.execution_id) {
    const [step] = await tx
      .select({ id: teamAgentExecutions.id })
      .from(teamAgentExecutions)
      .where(and(eq(teamAgentExecutions.run_id, run.id), eq(teamAgentExecutions.status, 'running')));
    if (step) {
      await jobs.enqueue(
        tx,
        teamStepJob,
        { client_id: run.client_id, execution_id: run.execution_id, step_id: step.id },
        { idempotencyKey: `team-step:${step.id}:approval:${options.approvalId}` },
      );
      return;
    }
  }
  await jobs.enqueue(
    tx,
    runExecuteJob,
    { run_id: run.id, client_id: run.client_id },
    { idempotencyKey: `run:${run.id}:approval:${options.approvalId}` },
  );
}
