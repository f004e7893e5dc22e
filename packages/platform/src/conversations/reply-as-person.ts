import { AppError } from '@renum/contracts';
import { conversations, messages, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { whatsAppReplyJob } from '../whatsapp/whatsapp-jobs.ts';
import { toWire } from '../wire.ts';
import { loadConversation } from './conversation-id.ts';
import { personName, requirePerson } from './take-over-conversation.ts';

/**
 * The person holding a conversation answers its end user: an `assistant` message naming its author, which
 * reaches the end user through the conversation's channel (the web chat's WebSocket; WhatsApp through the
 * `whatsapp.reply` job) and is part of the
 * agent's history once the conversation is handed back. Only the holder replies (`409 CONFLICT` otherwise).
 */
export async function replyAsPerson(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    conversationId: string;
    content: string;
    /** With it, a reply in a WhatsApp conversation is also sent there (a job in the same commit). */
    jobs?: Pick<JobQueue, 'enqueue'> | undefined;
  },
) {
  const { clientId } = requireClient(options.principal);
  const userId = requirePerson(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    if (conversation.taken_over_by !== userId) {
      throw new AppError('CONFLICT', 'Take the conversation over before replying in it', {
        context: { conversation_id: conversation.id, taken_over_by: conversation.taken_over_by },
      });
    }
    const name = await personName(tx, userId);
    const stored = await storeMessage(deps, tx, {
      clientId,
      conversationId: conversation.id,
      role: 'assistant',
      content: options.content,
      author: { userId, name },
    });
    if (conversation.channel === 'whatsapp' && options.jobs) {
      await options.jobs.enqueue(
        tx,
        whatsAppReplyJob,
        { message_id: String(stored.id), client_id: clientId },
        { idempotencyKey: `whatsapp:reply:${String(stored.id)}` },
      );
    }
    return stored;
  });
}

/**
 * Stores a message without a run (a person's reply, or what arrives while a person holds the
 * conversation) and moves the conversation's last activity.
 */
export async function storeMessage(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    clientId: string;
    conversationId: string;
    role: 'user' | 'assistant';
    content: string;
    author?: { userId: string; name: string } | undefined;
  },
) {
  const now = deps.clock();
  const [row] = await tx
    .insert(messages)
    .values({
      id: deps.newId(),
      client_id: options.clientId,
      conversation_id: options.conversationId,
      role: options.role,
      text: options.content,
      content: [{ type: 'text', text: options.content }],
      author_user_id: options.author?.userId ?? null,
      author_name: options.author?.name ?? null,
      created_at: now,
    })
    .returning();
  await tx
    .update(conversations)
    .set({ last_message_at: now, updated_at: now })
    .where(eq(conversations.id, options.conversationId));
  return toWire(row!);
}
