import { AppError, type WhatsAppRunAnswerJobPayload } from '@renum/contracts';
import {
  contacts,
  conversations,
  messages,
  runs,
  type Transaction,
  whatsappConnections,
  whatsappMessages,
  withClient,
} from '@renum/db';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { handleJob } from '../jobs/job-handler.ts';
import type { JobLogger } from '../jobs/job-observer.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { failureReply } from './answer-inbound.ts';
import { sendWhatsApp } from './send-whatsapp.ts';
import { waitForRun } from './wait-for-run.ts';
import { whatsAppRunAnswerJob } from './whatsapp-jobs.ts';

/** The WhatsApp contact and connection of a conversation, or null when it is not a WhatsApp one. */
export async function whatsAppTarget(tx: Transaction, conversationId: string) {
  const [row] = await tx
    .select({ agentId: conversations.agent_id, externalId: contacts.external_id })
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contact_id))
    .where(and(eq(conversations.id, conversationId), eq(conversations.channel, 'whatsapp')));
  const waId = row?.externalId?.startsWith('whatsapp:') ? row.externalId.slice('whatsapp:'.length) : null;
  if (!row || !waId) return null;
  const connections = await tx
    .select()
    .from(whatsappConnections)
    .orderBy(asc(whatsappConnections.created_at));
  const connection = connections.find((candidate) => candidate.agent_id === row.agentId);
  return connection ? { waId, connection } : null;
}

async function loadRun(deps: PlatformDeps, payload: WhatsAppRunAnswerJobPayload) {
  return withClient(deps.db, payload.client_id, async (tx) => {
    const [run] = await tx.select().from(runs).where(eq(runs.id, payload.run_id));
    if (!run?.conversation_id) return null;
    const [already] = await tx
      .select({ id: whatsappMessages.id })
      .from(whatsappMessages)
      .where(
        and(eq(whatsappMessages.direction, 'out'), sql`${whatsappMessages.payload}->>'run_id' = ${run.id}`),
      )
      .limit(1);
    if (already) return null;
    const target = await whatsAppTarget(tx, run.conversation_id);
    return target ? { conversationId: run.conversation_id, ...target } : null;
  });
}

/**
 * The `whatsapp.answer` job: once the resumed run settles, its answer goes to the contact's number
 * through the same durable send path as a first answer (`sendWhatsApp`), or, when it failed, a short
 * apology; each run's outcome is sent once (an outbound row carrying the run's id ends it). A run that
 * suspends again sends nothing now: its next resume enqueues another job. Outside the 24-hour window
 * without a template the outcome is logged, not sent.
 */
export async function sendRunAnswer(
  ctx: { deps: PlatformDeps; run: Pick<RunDeps, 'tools'>; logger?: Pick<JobLogger, 'warn'> | undefined },
  payload: WhatsAppRunAnswerJobPayload,
): Promise<void> {
  const { deps } = ctx;
  const loaded = await loadRun(deps, payload);
  if (!loaded) return;
  const settled = await waitForRun(deps, { clientId: payload.client_id, runId: payload.run_id });
  if (settled !== 'completed' && settled !== 'failed') return;
  const [answer] = await withClient(deps.db, payload.client_id, (tx) =>
    tx
      .select({ id: messages.id, text: messages.text })
      .from(messages)
      .where(and(eq(messages.run_id, payload.run_id), eq(messages.role, 'assistant')))
      .orderBy(desc(messages.id))
      .limit(1),
  );
  const failed = settled === 'failed' || !answer?.text.trim();
  if (failed) {
    ctx.logger?.warn(
      { run_id: payload.run_id, run_status: settled },
      'resumed WhatsApp run failed: apology sent',
    );
  }
  const links = { conversationId: loaded.conversationId, runId: payload.run_id };
  try {
    await sendWhatsApp(deps, ctx.run, {
      connection: loaded.connection,
      to: loaded.waId,
      message: { type: 'text', text: failed ? failureReply : answer!.text },
      links: failed ? links : { ...links, messageId: answer!.id },
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'CHANNEL_NOT_AVAILABLE') throw error;
    ctx.logger?.warn(
      { err: error, run_id: payload.run_id },
      'run answer not sent to WhatsApp: window closed',
    );
  }
}

/** Handler of {@link whatsAppRunAnswerJob}. */
export const whatsAppRunAnswerHandler = (deps: PlatformDeps, run: Pick<RunDeps, 'tools'>) =>
  handleJob(whatsAppRunAnswerJob, (payload, context) =>
    sendRunAnswer({ deps, run, logger: context.logger }, payload),
  );
