import type { ApprovalDeadlineJobPayload } from '@renum/contracts';
import { approvalRequests, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { handleJob } from '../jobs/job-handler.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { storeNotification } from '../notifications/notification-feed.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { approvalDeadlineJob } from './approval-jobs.ts';
import { recordDecision } from './record-decision.ts';

/**
 * The deadline of a request came. Still pending and with an escalation group not yet used: the request
 * moves to that group with a new deadline, and its people are notified. Otherwise its default outcome is
 * recorded as the decision (`decided_via: deadline`). A request decided meanwhile, or a stale deadline
 * (an escalation moved it), changes nothing.
 */
export async function expireApproval(
  deps: Pick<PlatformDeps, 'db' | 'clock' | 'newId' | 'notifications' | 'logger' | 'failures'>,
  jobs: Pick<JobQueue, 'enqueue'>,
  payload: ApprovalDeadlineJobPayload,
): Promise<void> {
  await withClient(deps.db, payload.client_id, async (tx) => {
    const [row] = await tx
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, payload.approval_id))
      .for('update');
    if (row?.status !== 'pending' || row.deadline_at.toISOString() !== payload.deadline_at) return;
    const now = deps.clock();
    if (row.escalation_roles.length > 0 && !row.escalated_at) {
      const deadline = new Date(now.getTime() + row.timeout_seconds * 1000);
      await tx
        .update(approvalRequests)
        .set({ approver_roles: row.escalation_roles, escalated_at: now, deadline_at: deadline })
        .where(eq(approvalRequests.id, row.id));
      await jobs.enqueue(
        tx,
        approvalDeadlineJob,
        { approval_id: row.id, client_id: row.client_id, deadline_at: deadline.toISOString() },
        { runAt: deadline, idempotencyKey: `approval:${row.id}:deadline:${deadline.toISOString()}` },
      );
      await storeNotification(tx, deps, {
        id: deps.newId(),
        clientId: row.client_id,
        kind: 'approval.escalated',
        dedupKey: row.id,
        payload: {
          approval_id: row.id,
          tool: row.tool,
          approver_roles: row.escalation_roles,
          deadline_at: deadline.toISOString(),
          message: `${row.tool} still waits for an approval: escalated to ${row.escalation_roles.join(', ')}`,
        },
      });
      await recordAudit(tx, {
        actor: null,
        id: deps.newId(),
        entry: {
          action: 'approval.escalated',
          targetType: 'approval',
          targetId: row.id,
          clientId: row.client_id,
          data: { from: row.approver_roles, to: row.escalation_roles, deadline_at: deadline.toISOString() },
        },
      });
      return;
    }
    await recordDecision(tx, {
      row,
      decision: {
        outcome: row.default_outcome,
        via: 'deadline',
        actor: null,
        reason: null,
        editedArguments: null,
      },
      jobs,
      notifications: deps,
      now,
      newId: deps.newId,
    });
  });
}

/** The `approval.deadline` handler of this process. */
export const approvalDeadlineHandler = (
  deps: Pick<PlatformDeps, 'db' | 'clock' | 'newId' | 'notifications' | 'logger' | 'failures'>,
  jobs: Pick<JobQueue, 'enqueue'>,
) => handleJob(approvalDeadlineJob, (payload) => expireApproval(deps, jobs, payload));
