import { AppError } from '@renum/contracts';
import { approvalRequests, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { type NotificationSink, storeNotification } from '../notifications/notification-feed.ts';
import type { Principal } from '../principal.ts';
import type { ApprovalRow } from './approval-id.ts';
import { approvalResumeJob } from './approval-jobs.ts';
import { maskArguments } from './mask-arguments.ts';

/** A decision about to be stored. */
export interface Decision {
  outcome: 'approve' | 'reject';
  via: 'web' | 'api' | 'whatsapp' | 'deadline';
  actor: Principal | null;
  reason: string | null;
  editedArguments: Record<string, unknown> | null;
}

/**
 * Stores the decision of a pending request locked by the caller, enqueues the job that carries it out,
 * tells the team (an `approval.approved` or `approval.rejected` notification, pushed once committed, ADR
 * 0068) and audits who decided what, when, and the warnings they were shown. A request already decided is
 * `409 APPROVAL_ALREADY_DECIDED`: the first decision wins.
 */
export async function recordDecision(
  tx: Transaction,
  options: {
    row: ApprovalRow;
    decision: Decision;
    jobs: Pick<JobQueue, 'enqueue'>;
    /** Where the decision's notification is announced once committed. */
    notifications: NotificationSink;
    now: Date;
    newId: () => string;
  },
): Promise<ApprovalRow> {
  const { row, decision } = options;
  if (row.status !== 'pending') {
    throw new AppError('APPROVAL_ALREADY_DECIDED', `This request was already ${row.status}`, {
      context: { approval_id: row.id, status: row.status, decided_at: row.decided_at?.toISOString() ?? null },
    });
  }
  const [decided] = await tx
    .update(approvalRequests)
    .set({
      status: decision.outcome === 'approve' ? 'approved' : 'rejected',
      decided_by: decision.actor?.userId ?? null,
      decided_via: decision.via,
      decided_at: options.now,
      decision_reason: decision.reason,
      edited_arguments: decision.editedArguments,
    })
    .where(eq(approvalRequests.id, row.id))
    .returning();
  await options.jobs.enqueue(
    tx,
    approvalResumeJob,
    { approval_id: row.id, client_id: row.client_id },
    { idempotencyKey: `approval:${row.id}:resume` },
  );
  const kind = decision.outcome === 'approve' ? 'approval.approved' : 'approval.rejected';
  await storeNotification(tx, options.notifications, {
    id: options.newId(),
    clientId: row.client_id,
    kind,
    dedupKey: row.id,
    payload: {
      approval_id: row.id,
      tool: row.tool,
      agent_id: row.agent_id,
      conversation_id: row.conversation_id,
      decided_by: decided!.decided_by,
      via: decision.via,
      reason: decision.reason,
      message: `${row.tool} was ${decision.outcome === 'approve' ? 'approved' : 'rejected'}`,
    },
  });
  await recordAudit(tx, {
    actor: decision.actor,
    id: options.newId(),
    entry: {
      action: kind,
      targetType: 'approval',
      targetId: row.id,
      clientId: row.client_id,
      data: {
        tool: row.tool,
        via: decision.via,
        reason: decision.reason,
        arguments: row.masked_arguments,
        edited_arguments: decision.editedArguments ? maskArguments(decision.editedArguments) : null,
        warnings: row.warnings,
      },
    },
  });
  return decided!;
}
