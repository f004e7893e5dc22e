import type { WhatsAppInboundJobPayload } from '@renum/contracts';
import { messages, runs, whatsappConnections, whatsappMessages, withClient } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { contactConversation } from '../conversations/contact-conversation.ts';
import { handleJob } from '../jobs/job-handler.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { publicPrincipal } from '../public-chat/public-agent.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { sendMessage } from '../runs/send-message.ts';
import { decideFromWhatsApp } from './decide-from-whatsapp.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { waitForRun } from './wait-for-run.ts';
import { whatsAppInboundJob } from './whatsapp-jobs.ts';

/** Answers a media message: the agent reads text only. */
export const mediaReply =
  'Obrigado pela mensagem! Por enquanto consigo ler apenas texto: pode escrever o que precisa? / ' +
  'Thanks for your message! For now I can only read text: could you write what you need?';

/** Sent once when the run answering a WhatsApp message fails: the person is never left without a reply. */
export const failureReply =
  'Desculpe, não consegui responder agora. Pode tentar de novo daqui a pouco? / ' +
  "Sorry, I couldn't answer right now. Could you try again in a little while?";

type InboundRow = typeof whatsappMessages.$inferSelect;
type ConnectionRow = typeof whatsappConnections.$inferSelect;
type Deps = { deps: PlatformDeps; run: RunDeps; manager: RunManager };

async function loadInbound(deps: PlatformDeps, payload: WhatsAppInboundJobPayload) {
  return withClient(deps.db, payload.client_id, async (tx) => {
    const [row] = await tx.select().from(whatsappMessages).where(eq(whatsappMessages.id, payload.message_id));
    if (!row) return null;
    const [connection] = await tx
      .select()
      .from(whatsappConnections)
      .where(eq(whatsappConnections.id, row.connection_id));
    return connection ? { row, connection } : null;
  });
}

/** Whether the run was resumed after an approval (its outcome then belongs to `whatsapp.answer`). */
async function wasResumed(deps: PlatformDeps, clientId: string, runId: string) {
  const [found] = await withClient(deps.db, clientId, (tx) =>
    tx.select({ suspensions: runs.suspensions }).from(runs).where(eq(runs.id, runId)),
  );
  return (found?.suspensions ?? 0) > 0;
}

/** Marks an inbound message handled (with the answer's wamid and conversation when there is one). */
export async function markHandled(
  deps: PlatformDeps,
  row: InboundRow,
  done: { answerWamid?: string | undefined; conversationId?: string | undefined; error?: unknown } = {},
) {
  await withClient(deps.db, row.client_id, (tx) =>
    tx
      .update(whatsappMessages)
      .set({
        status: 'handled',
        ...(done.answerWamid ? { answer_wamid: done.answerWamid } : {}),
        ...(done.conversationId ? { conversation_id: done.conversationId } : {}),
        ...(done.error !== undefined ? { error: done.error } : {}),
      })
      .where(eq(whatsappMessages.id, row.id)),
  );
}

/**
 * The `whatsapp.inbound` job: one stored inbound message, answered once. An approver's reply decides
 * its request; media gets a polite text; text becomes the sender's message in their WhatsApp
 * conversation with the number's agent (contact, conversation and run exactly as a public visitor's,
 * topic routing included), and the run's answer goes back through the tool proxy. A retried attempt
 * reuses the run (idempotency key of the `wamid`) and never sends an answer twice once recorded.
 */
export async function answerInbound({ deps, run, manager }: Deps, payload: WhatsAppInboundJobPayload) {
  const loaded = await loadInbound(deps, payload);
  if (!loaded || loaded.row.status === 'handled') return;
  const { row, connection } = loaded;
  if (await decideFromWhatsApp({ deps, run }, { row, connection })) return;
  if (row.kind === 'media') {
    const sent = await sendWhatsApp(deps, run, {
      connection,
      to: row.wa_id,
      message: { type: 'text', text: mediaReply, replyTo: row.wamid },
    });
    return markHandled(deps, row, { answerWamid: sent.wamid });
  }
  if (row.kind !== 'text' || row.text.trim() === '') return markHandled(deps, row);
  const profileName = (row.payload as { profile_name?: string }).profile_name;
  const conversationId = await withClient(deps.db, row.client_id, (tx) =>
    contactConversation(deps, tx, {
      clientId: row.client_id,
      agentId: connection.agent_id,
      channel: 'whatsapp',
      contact: { external_id: `whatsapp:${row.wa_id}`, name: profileName, phone: `+${row.wa_id}` },
    }),
  );
  const started = await sendMessage(deps, {
    principal: publicPrincipal(row.client_id),
    run,
    manager,
    conversationId,
    content: row.text,
    idempotencyKey: `whatsapp:${row.wamid}`,
  });
  // A person holds the conversation (takeover): stored for them, not answered by the agent.
  if (!started.run) return markHandled(deps, row, { conversationId });
  return answerRun({ deps, run }, { row, connection, conversationId, runId: started.run.id });
}

/** Sends the settled run's answer (or the failure apology) to the sender and marks the message handled. */
async function answerRun(
  { deps, run }: Pick<Deps, 'deps' | 'run'>,
  target: { row: InboundRow; connection: ConnectionRow; conversationId: string; runId: string },
) {
  const { row, connection, conversationId, runId } = target;
  const settled = await waitForRun(deps, { clientId: row.client_id, runId });
  const [answer] = await withClient(deps.db, row.client_id, (tx) =>
    tx
      .select({ id: messages.id, text: messages.text })
      .from(messages)
      .where(and(eq(messages.run_id, runId), eq(messages.role, 'assistant'))),
  );
  // A run that was suspended and resumed is answered by its `whatsapp.answer` job (enqueued with the
  // resume), never here too: the decision may come before this job sees the run settle.
  if (await wasResumed(deps, row.client_id, runId)) {
    return markHandled(deps, row, { conversationId, error: { run_status: settled, resumed: true } });
  }
  if (settled === 'failed') {
    // The failure is recorded on the inbound row; the person gets a short apology, once.
    const sent = await sendWhatsApp(deps, run, {
      connection,
      to: row.wa_id,
      message: { type: 'text', text: failureReply, replyTo: row.wamid },
      links: { conversationId, runId },
    });
    return markHandled(deps, row, {
      answerWamid: sent.wamid,
      conversationId,
      error: { run_status: settled },
    });
  }
  // A suspended run answers when it resumes (the `whatsapp.answer` job enqueued with the resume).
  if (settled !== 'completed' || !answer?.text.trim()) {
    return markHandled(deps, row, { conversationId, error: { run_status: settled } });
  }
  const sent = await sendWhatsApp(deps, run, {
    connection,
    to: row.wa_id,
    message: { type: 'text', text: answer.text, replyTo: row.wamid },
    links: { conversationId, messageId: answer.id, runId },
  });
  return markHandled(deps, row, { answerWamid: sent.wamid, conversationId });
}

/** Handler of {@link whatsAppInboundJob}. */
export const whatsAppInboundHandler = (options: Deps) =>
  handleJob(whatsAppInboundJob, (payload) => answerInbound(options, payload));
