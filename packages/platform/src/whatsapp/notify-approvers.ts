import { AppError, type WhatsAppApprovalJobPayload } from '@renum/contracts';
import { approvalRequests, memberships, whatsappConnections, whatsappMessages, withClient } from '@renum/db';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { handleJob } from '../jobs/job-handler.ts';
import type { JobLogger } from '../jobs/job-observer.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { approvalButtonId } from './approval-intent.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { whatsAppApprovalJob } from './whatsapp-jobs.ts';

type ApprovalRow = typeof approvalRequests.$inferSelect;

/** The request as an approver reads it on WhatsApp (masked arguments, cut short). */
export function approvalMessageText(row: ApprovalRow): string {
  const args = JSON.stringify(row.masked_arguments);
  const warnings = row.warnings.length > 0 ? `\n⚠️ ${row.warnings.join('; ')}` : '';
  return (
    `Aprovação pendente / Approval needed: ${row.tool}\n${args.length > 600 ? `${args.slice(0, 600)}…` : args}` +
    `${warnings}\n\nResponda SIM ou NÃO / Reply YES or NO.`
  );
}

async function loadTargets(deps: PlatformDeps, payload: WhatsAppApprovalJobPayload) {
  return withClient(deps.db, payload.client_id, async (tx) => {
    const [approval] = await tx
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, payload.approval_id));
    if (approval?.status !== 'pending') return null;
    const connections = await tx
      .select()
      .from(whatsappConnections)
      .orderBy(asc(whatsappConnections.created_at));
    const connection = connections.find((row) => row.agent_id === approval.agent_id) ?? connections[0];
    if (!connection) return null;
    const people = await tx.select().from(memberships).where(isNotNull(memberships.whatsapp_number));
    const approvers = people.filter(
      (member) =>
        approval.approver_roles.includes(member.role) || approval.approver_user_ids.includes(member.user_id),
    );
    const sent = await tx
      .select({ waId: whatsappMessages.wa_id })
      .from(whatsappMessages)
      .where(and(eq(whatsappMessages.approval_id, approval.id), eq(whatsappMessages.direction, 'out')));
    const already = new Set(sent.map((row) => row.waId));
    return {
      approval,
      connection,
      numbers: approvers.map((member) => member.whatsapp_number!).filter((number) => !already.has(number)),
    };
  });
}

/**
 * The `whatsapp.approval` job: sends a new pending request to every approver who registered a WhatsApp
 * number, as an interactive message with Approve and Reject buttons whose ids carry the request's id
 * (outside the 24-hour window, the connection's template instead). An approver already sent it is
 * skipped, so a retried job sends each one once. An approver the window and the missing template keep
 * out is logged and skipped.
 */
export async function notifyApprovers(
  ctx: { deps: PlatformDeps; run: Pick<RunDeps, 'tools'>; logger?: Pick<JobLogger, 'warn'> | undefined },
  payload: WhatsAppApprovalJobPayload,
): Promise<void> {
  const targets = await loadTargets(ctx.deps, payload);
  if (!targets) return;
  const { approval, connection } = targets;
  for (const to of targets.numbers) {
    try {
      await sendWhatsApp(ctx.deps, ctx.run, {
        connection,
        to,
        message: {
          type: 'interactive',
          interactive: {
            type: 'button',
            body: { text: approvalMessageText(approval) },
            action: {
              buttons: [
                {
                  type: 'reply',
                  reply: { id: approvalButtonId(approval.id, 'approve'), title: 'Aprovar / Approve' },
                },
                {
                  type: 'reply',
                  reply: { id: approvalButtonId(approval.id, 'reject'), title: 'Rejeitar / Reject' },
                },
              ],
            },
          },
        },
        links: { approvalId: approval.id, conversationId: approval.conversation_id },
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CHANNEL_NOT_AVAILABLE') throw error;
      ctx.logger?.warn(
        { err: error, approval_id: approval.id },
        'approval not sent over WhatsApp: window closed',
      );
    }
  }
}

/** Handler of {@link whatsAppApprovalJob}. */
export const whatsAppApprovalHandler = (deps: PlatformDeps, run: Pick<RunDeps, 'tools'>) =>
  handleJob(whatsAppApprovalJob, (payload, context) =>
    notifyApprovers({ deps, run, logger: context.logger }, payload),
  );
