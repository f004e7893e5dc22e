import { AppError, type WhatsAppReplyJobPayload } from '@renum/contracts';
import {
  contacts,
  conversations,
  messages,
  whatsappConnections,
  whatsappMessages,
  withClient,
} from '@renum/db';
import { and, asc, eq } from 'drizzle-orm';
import { handleJob } from '../jobs/job-handler.ts';
import type { JobLogger } from '../jobs/job-observer.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { whatsAppReplyJob } from './whatsapp-jobs.ts';

async function loadReply(deps: PlatformDeps, payload: WhatsAppReplyJobPayload) {
  return withClient(deps.db, payload.client_id, async (tx) => {
    const [message] = await tx.select().from(messages).where(eq(messages.id, payload.message_id));
    if (!message) return null;
    const [already] = await tx
      .select({ id: whatsappMessages.id })
      .from(whatsappMessages)
      .where(and(eq(whatsappMessages.message_id, message.id), eq(whatsappMessages.direction, 'out')));
    if (already) return null;
    const [row] = await tx
      .select({ agentId: conversations.agent_id, externalId: contacts.external_id })
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contact_id))
      .where(and(eq(conversations.id, message.conversation_id), eq(conversations.channel, 'whatsapp')));
    const waId = row?.externalId?.startsWith('whatsapp:') ? row.externalId.slice('whatsapp:'.length) : null;
    if (!row || !waId) return null;
    const connections = await tx
      .select()
      .from(whatsappConnections)
      .orderBy(asc(whatsappConnections.created_at));
    const connection = connections.find((candidate) => candidate.agent_id === row.agentId);
    return connection ? { message, waId, connection } : null;
  });
}

/**
 * The `whatsapp.reply` job: a person holding a WhatsApp conversation (takeover) replied in the inbox;
 * the reply goes to the contact's number from the agent's connected number, once (a reply already sent
 * is skipped). Outside the 24-hour window the template goes instead; without one it is logged, not sent.
 */
export async function sendPersonReply(
  ctx: { deps: PlatformDeps; run: Pick<RunDeps, 'tools'>; logger?: Pick<JobLogger, 'warn'> | undefined },
  payload: WhatsAppReplyJobPayload,
): Promise<void> {
  const loaded = await loadReply(ctx.deps, payload);
  if (!loaded) return;
  try {
    await sendWhatsApp(ctx.deps, ctx.run, {
      connection: loaded.connection,
      to: loaded.waId,
      message: { type: 'text', text: loaded.message.text },
      links: { conversationId: loaded.message.conversation_id, messageId: loaded.message.id },
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CHANNEL_NOT_AVAILABLE') throw error;
    ctx.logger?.warn(
      { err: error, message_id: loaded.message.id },
      'reply not sent to WhatsApp: window closed',
    );
  }
}

/** Handler of {@link whatsAppReplyJob}. */
export const whatsAppReplyHandler = (deps: PlatformDeps, run: Pick<RunDeps, 'tools'>) =>
  handleJob(whatsAppReplyJob, (payload, context) =>
    sendPersonReply({ deps, run, logger: context.logger }, payload),
  );
