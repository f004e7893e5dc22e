import { conversations, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import { whatsAppRunAnswerJob } from './whatsapp-jobs.ts';

/**
 * Enqueues `whatsapp.answer` for a run of a WhatsApp conversation that goes on after an approval, in the
 * caller's transaction (the resume and its answer commit together). Nothing for other channels.
 */
export async function enqueueWhatsAppAnswer(
  tx: Transaction,
  jobs: Pick<JobQueue, 'enqueue'>,
  options: { clientId: string; runId: string; conversationId: string | null; key: string },
): Promise<void> {
  if (!options.conversationId) return;
  const [conversation] = await tx
    .select({ channel: conversations.channel })
    .from(conversations)
    .where(eq(conversations.id, options.conversationId));
  if (conversation?.channel !== 'whatsapp') return;
  await jobs.enqueue(
    tx,
    whatsAppRunAnswerJob,
    { client_id: options.clientId, run_id: options.runId },
    { idempotencyKey: `whatsapp:answer:${options.runId}:${options.key}` },
  );
}
