import type { ApprovalResumeJobPayload } from '@renum/contracts';
import { agents, approvalRequests, runs, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { handleJob } from '../jobs/job-handler.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { sendMessage } from '../runs/send-message.ts';
import { enqueueWhatsAppAnswer } from '../whatsapp/enqueue-run-answer.ts';
import type { ApprovalRow } from './approval-id.ts';
import { approvalResumeJob } from './approval-jobs.ts';
import { approvalTool } from './approval-tool.ts';
import { resumeSuspendedRun } from './resume-suspended-run.ts';

/** What carrying a decision out needs: the run dependencies of a worker. */
export interface ApprovalResumeDeps {
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
}

/**
 * Carries out a decided request on whichever worker takes the job: an approved call runs once (marked
 * `executing` before, `executed` or `failed` after; an attempt that finds it `executing` knows an earlier
 * one died mid-call and records it failed rather than running it twice), then the model is told the
 * outcome: the suspended run goes on with it (ADR 0039); a run that had ended otherwise gets a new run of
 * its conversation (a message sent with the key `approval:<id>`, so a retried job starts one run). A run
 * or conversation still answering makes the attempt fail and retry. A run a person stopped before the
 * decision was carried out gets neither the call nor a new run.
 */
export async function resumeApproval(
  resume: ApprovalResumeDeps,
  payload: ApprovalResumeJobPayload,
): Promise<void> {
  const { deps } = resume;
  const clientId = payload.client_id;
  const claimed = await withClient(deps.db, clientId, (tx) =>
    claimExecution(tx, payload.approval_id, deps.clock()),
  );
  if (!claimed) return;
  let row = claimed.row;
  if (claimed.execute) row = await execute(resume, row);
  const approval = row;
  const resumed = await withClient(deps.db, clientId, (tx) =>
    resumeSuspendedRun(tx, {
      approval,
      outcome: outcomeMessage(approval),
      jobs: resume.run.jobs,
      now: deps.clock(),
      newId: deps.newId,
    }),
  );
  if (resumed !== 'not-suspended') return;
  // The run ended otherwise meanwhile (stopped, failed): the model is told in a new run.
  const started = await sendMessage(deps, {
    principal: {
      kind: 'api_key',
      userId: null,
      apiKeyId: null,
      clientId,
      role: 'owner',
      platformRole: 'none',
    },
    run: resume.run,
    manager: resume.manager,
    conversationId: row.conversation_id,
    content: outcomeMessage(row),
    idempotencyKey: `approval:${row.id}`,
  });
  const newRun = started.run;
  if (!newRun) return;
  await withClient(deps.db, clientId, (tx) =>
    enqueueWhatsAppAnswer(tx, resume.run.jobs, {
      clientId,
      runId: newRun.id,
      conversationId: row.conversation_id,
      key: row.id,
    }),
  );
}

/** The `approval.resume` handler of this process. */
export const approvalResumeHandler = (resume: ApprovalResumeDeps) =>
  handleJob(approvalResumeJob, (payload) => resumeApproval(resume, payload));

/** What a request approved after its run was stopped records instead of a result. */
const stoppedBeforeCall = 'The run was stopped before the decision was carried out: the call was not run';

/** Whether a person stopped the request's run (`POST /v1/runs/{id}/stop`): its calls are not carried out. */
async function runStopped(tx: Transaction, runId: string): Promise<boolean> {
  const [run] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
  return run?.status === 'stopped';
}

/**
 * Locks the request and decides what its job does: nothing when it is pending or its run was stopped
 * (a stopped run's call never runs and no new run is started: the person ended it; an approved request
 * records why it was not run), else run the approved call once.
 */
async function claimExecution(tx: Transaction, approvalId: string, now: Date) {
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(eq(approvalRequests.id, approvalId))
    .for('update');
  if (!row || row.status === 'pending') return null;
  if (row.reported_at === null && (await runStopped(tx, row.run_id))) {
    await tx
      .update(approvalRequests)
      .set({
        ...(row.status === 'approved' && row.execution_status === null
          ? { execution_status: 'failed' as const, result: { error: stoppedBeforeCall } }
          : {}),
        reported_at: now,
      })
      .where(eq(approvalRequests.id, row.id));
    return null;
  }
  if (row.status === 'rejected' || row.execution_status === 'executed' || row.execution_status === 'failed') {
    return { row, execute: false };
  }
  const interrupted = row.execution_status === 'executing';
  const [updated] = await tx
    .update(approvalRequests)
    .set(
      interrupted
        ? { execution_status: 'failed', result: { error: 'The call was interrupted; it is not run again' } }
        : { execution_status: 'executing' },
    )
    .where(eq(approvalRequests.id, row.id))
    .returning();
  return { row: updated!, execute: !interrupted };
}

async function execute(resume: ApprovalResumeDeps, row: ApprovalRow): Promise<ApprovalRow> {
  const { deps } = resume;
  const outcome = await withClient(deps.db, row.client_id, (tx) =>
    tx.select().from(agents).where(eq(agents.id, row.agent_id)),
  ).then(async ([agent]) => {
    const definition = agent
      ? approvalTool(resume.run, { tool: row.tool, agent, clientId: row.client_id, runId: row.run_id })
      : null;
    if (!definition) return { ok: false, result: { error: `The agent no longer has the tool ${row.tool}` } };
    try {
      const result = await definition.execute(row.edited_arguments ?? row.arguments, {
        toolCallId: row.tool_call_id,
        clientId: row.client_id,
        agentId: row.agent_id,
        conversationId: row.conversation_id,
        runId: row.run_id,
      });
      return { ok: true, result: result ?? null };
    } catch (error) {
      return { ok: false, result: { error: error instanceof Error ? error.message : String(error) } };
    }
  });
  const [updated] = await withClient(deps.db, row.client_id, (tx) =>
    tx
      .update(approvalRequests)
      .set({ execution_status: outcome.ok ? 'executed' : 'failed', result: outcome.result })
      .where(eq(approvalRequests.id, row.id))
      .returning(),
  );
  return updated!;
}

/** What the model is told: the decision, and for an approved call what running it gave. */
export function outcomeMessage(row: ApprovalRow): string {
  const head = `[approval ${row.id}]`;
  if (row.status === 'rejected') {
    const who =
      row.decided_via === 'deadline'
        ? 'Nobody decided before the deadline, so it was rejected by default'
        : 'A person rejected it';
    return `${head} The call of ${row.tool} was NOT performed. ${who}${row.decision_reason ? `: ${row.decision_reason}` : '.'} Go on without it and tell the user.`;
  }
  const edited = row.edited_arguments ? ' with edited arguments' : '';
  const result = JSON.stringify(row.result ?? null).slice(0, 4000);
  return row.execution_status === 'executed'
    ? `${head} The call of ${row.tool} was approved${edited} and performed. Result: ${result}. Tell the user the outcome.`
    : `${head} The call of ${row.tool} was approved${edited} but failed: ${result}. Tell the user.`;
}
