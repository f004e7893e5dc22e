import { AppError } from '@renum/contracts';
import { approvalRequests, memberships, whatsappMessages, withClient } from '@renum/db';
import { and, eq, inArray } from 'drizzle-orm';
import { decideApproval } from '../approvals/decide-approval.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { markHandled } from './answer-inbound.ts';
import { type ApprovalIntent, readApprovalIntent } from './approval-intent.ts';
import type { WhatsAppConnectionRow } from './connection-wire.ts';
import { sendWhatsApp } from './send-whatsapp.ts';

type InboundRow = typeof whatsappMessages.$inferSelect;

export const approvalReplies = {
  approve: 'Aprovado ✅ / Approved ✅',
  reject: 'Rejeitado ❌ / Rejected ❌',
  unregistered:
    'Este número não está cadastrado como aprovador. / This number is not registered as an approver.',
  decided: 'Este pedido já foi decidido. / This request was already decided.',
  forbidden: 'Você não pode decidir este pedido. / You may not decide this request.',
  ambiguous:
    'Há mais de um pedido pendente: use os botões da mensagem. / Several requests are pending: use the message buttons.',
  none: 'Nenhum pedido pendente. / No pending request.',
};

/** The request of the outbound message this one replies to (`context.id`), if it was an approval request. */
async function repliedApproval(deps: PlatformDeps, row: InboundRow): Promise<string | null> {
  const contextId = (row.payload as { message?: { context?: { id?: string } } }).message?.context?.id;
  if (!contextId) return null;
  const [replied] = await withClient(deps.db, row.client_id, (tx) =>
    tx
      .select({ approvalId: whatsappMessages.approval_id })
      .from(whatsappMessages)
      .where(and(eq(whatsappMessages.wamid, contextId), eq(whatsappMessages.direction, 'out'))),
  );
  return replied?.approvalId ?? null;
}

/** The approver's pending requests that were sent to their number. */
async function pendingSentTo(deps: PlatformDeps, row: InboundRow): Promise<string[]> {
  const rows = await withClient(deps.db, row.client_id, (tx) =>
    tx
      .selectDistinct({ id: approvalRequests.id })
      .from(whatsappMessages)
      .innerJoin(approvalRequests, eq(approvalRequests.id, whatsappMessages.approval_id))
      .where(
        and(
          eq(whatsappMessages.wa_id, row.wa_id),
          eq(whatsappMessages.direction, 'out'),
          inArray(approvalRequests.status, ['pending']),
        ),
      ),
  );
  return rows.map((found) => found.id);
}

async function refuseUnregistered(deps: PlatformDeps, row: InboundRow, intent: ApprovalIntent) {
  await withClient(deps.db, row.client_id, (tx) =>
    recordAudit(tx, {
      id: deps.newId(),
      actor: null,
      entry: {
        action: 'approval.whatsapp_refused',
        targetType: 'approval',
        targetId: intent.approvalId,
        clientId: row.client_id,
        data: { wa_id: row.wa_id, wamid: row.wamid, reason: 'unregistered_number' },
      },
    }),
  );
}

/**
 * Decides an approval request from an inbound WhatsApp message when it is one (a button reply, or
 * `SIM`/`NÃO`/`YES`/`NO`); answers false for any other message, which the agent then answers. The
 * sender must be a member who registered this number: then the existing `decideApproval` decides as
 * that member (`via: whatsapp`; their role must be among the request's approvers; the first decision
 * wins). A button or reply from an unregistered number is refused, audited and answered so.
 */
export async function decideFromWhatsApp(
  ctx: { deps: PlatformDeps; run: Pick<RunDeps, 'tools' | 'jobs'> },
  options: { row: InboundRow; connection: WhatsAppConnectionRow },
): Promise<boolean> {
  const { deps, run } = ctx;
  const { row, connection } = options;
  if (row.kind !== 'text' && row.kind !== 'button') return false;
  const intent = readApprovalIntent(row, await repliedApproval(deps, row));
  if (!intent) return false;
  const [member] = await withClient(deps.db, row.client_id, (tx) =>
    tx.select().from(memberships).where(eq(memberships.whatsapp_number, row.wa_id)),
  );
  const reply = async (text: string) => {
    const sent = await sendWhatsApp(deps, run, {
      connection,
      to: row.wa_id,
      message: { type: 'text', text, replyTo: row.wamid },
    });
    await markHandled(deps, row, { answerWamid: sent.wamid });
    return true;
  };
  if (!member) {
    if (!intent.explicit) return false;
    await refuseUnregistered(deps, row, intent);
    return reply(approvalReplies.unregistered);
  }
  let approvalId = intent.approvalId;
  if (!approvalId) {
    const pending = await pendingSentTo(deps, row);
    if (pending.length !== 1)
      return reply(pending.length === 0 ? approvalReplies.none : approvalReplies.ambiguous);
    approvalId = pending[0]!;
  }
  const principal: Principal = {
    kind: 'user',
    userId: member.user_id,
    apiKeyId: null,
    clientId: row.client_id,
    role: member.role,
    platformRole: 'none',
  };
  try {
    await decideApproval(deps, {
      principal,
      run,
      approvalId,
      input: { decision: intent.decision },
      via: 'whatsapp',
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'APPROVAL_ALREADY_DECIDED') return reply(approvalReplies.decided);
    if (error.code === 'FORBIDDEN' || error.code === 'APPROVAL_NOT_FOUND')
      return reply(approvalReplies.forbidden);
    throw error;
  }
  return reply(approvalReplies[intent.decision]);
}
