import { approvalRequests, type Transaction, whatsappConnections } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { type NotificationSink, storeNotification } from '../notifications/notification-feed.ts';
import { whatsAppApprovalJob } from '../whatsapp/whatsapp-jobs.ts';
import { approvalDeadlineJob } from './approval-jobs.ts';
import type { ApprovalPolicyRow } from './find-approval-policy.ts';
import { maskArguments } from './mask-arguments.ts';

/** Defaults of a request no policy configures: owners and admins decide within a day, else rejected. */
export const approvalDefaults = {
  approverRoles: ['owner', 'admin'],
  timeoutSeconds: 86_400,
  defaultOutcome: 'reject',
} as const;

/** What a waiting call is. */
export interface ApprovalCall {
  id: string;
  clientId: string;
  agentId: string;
  runId: string;
  conversationId: string;
  tool: string;
  toolCallId: string;
  arguments: Record<string, unknown>;
  warnings: string[];
  policy: ApprovalPolicyRow | null;
}

/**
 * Stores a pending request in `tx` with its deadline job, a notification for the client's people and an
 * audit row (all or nothing). The same call asked twice (a retried attempt of the run) answers the first
 * request, unchanged.
 */
export async function requestApproval(
  tx: Transaction,
  options: {
    call: ApprovalCall;
    jobs: Pick<JobQueue, 'enqueue'>;
    now: Date;
    newId: () => string;
    /** Where the notification is announced once `tx` committed. @defaultValue nowhere */
    notifications?: NotificationSink | undefined;
  },
) {
  const { call, now } = options;
  const timeoutSeconds = call.policy?.timeout_seconds ?? approvalDefaults.timeoutSeconds;
  const deadline = new Date(now.getTime() + timeoutSeconds * 1000);
  const [row] = await tx
    .insert(approvalRequests)
    .values({
      id: call.id,
      client_id: call.clientId,
      agent_id: call.agentId,
      run_id: call.runId,
      conversation_id: call.conversationId,
      tool: call.tool,
      tool_call_id: call.toolCallId,
      arguments: call.arguments,
      masked_arguments: maskArguments(call.arguments) as Record<string, unknown>,
      warnings: call.warnings,
      approver_roles: call.policy?.approver_roles ?? [...approvalDefaults.approverRoles],
      approver_user_ids: call.policy?.approver_user_ids ?? [],
      escalation_roles: call.policy?.escalation_roles ?? [],
      timeout_seconds: timeoutSeconds,
      deadline_at: deadline,
      default_outcome: call.policy?.default_outcome ?? approvalDefaults.defaultOutcome,
    })
    .onConflictDoNothing({ target: [approvalRequests.run_id, approvalRequests.tool_call_id] })
    .returning();
  if (!row) {
    const [earlier] = await tx
      .select()
      .from(approvalRequests)
      .where(
        and(eq(approvalRequests.run_id, call.runId), eq(approvalRequests.tool_call_id, call.toolCallId)),
      );
    return earlier!;
  }
  await options.jobs.enqueue(
    tx,
    approvalDeadlineJob,
    { approval_id: row.id, client_id: row.client_id, deadline_at: deadline.toISOString() },
    { runAt: deadline, idempotencyKey: `approval:${row.id}:deadline:${deadline.toISOString()}` },
  );
  await storeNotification(tx, options.notifications ?? {}, {
    id: options.newId(),
    clientId: row.client_id,
    kind: 'approval.requested',
    dedupKey: row.id,
    payload: {
      approval_id: row.id,
      tool: row.tool,
      agent_id: row.agent_id,
      conversation_id: row.conversation_id,
      warnings: row.warnings,
      approver_roles: row.approver_roles,
      deadline_at: deadline.toISOString(),
      message: `${row.tool} waits for an approval`,
    },
  });
  // With a connected WhatsApp number, the request also goes to the approvers' numbers (issue 15).
  const [connected] = await tx.select({ id: whatsappConnections.id }).from(whatsappConnections).limit(1);
  if (connected) {
    await options.jobs.enqueue(
      tx,
      whatsAppApprovalJob,
      { approval_id: row.id, client_id: row.client_id },
      { idempotencyKey: `approval:${row.id}:whatsapp` },
    );
  }
  await recordAudit(tx, {
    actor: null,
    id: options.newId(),
    entry: {
      action: 'approval.requested',
      targetType: 'approval',
      targetId: row.id,
      clientId: row.client_id,
      data: { tool: row.tool, run_id: row.run_id, arguments: row.masked_arguments, warnings: row.warnings },
    },
  });
  return row;
}
