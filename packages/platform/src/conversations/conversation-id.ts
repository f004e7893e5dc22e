import { AppError, isUuid } from '@renum/contracts';
import { conversations, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/** Loads a conversation in the client scope, or throws `404 CONVERSATION_NOT_FOUND` (400 when malformed). */
export async function loadConversation(tx: Transaction, conversationId: string) {
  assertConversationId(conversationId);
  const [row] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, conversationId.toLowerCase()));
  if (!row) throw conversationNotFound(conversationId);
  return row;
}

/** Throws `400 VALIDATION_ERROR` unless `conversationId` is a UUID. */
export function assertConversationId(conversationId: string): void {
  if (!isUuid(conversationId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid conversation id: it must be a UUID', {
      context: { field: 'conversation_id' },
    });
  }
}

/** The `404 CONVERSATION_NOT_FOUND` error. */
export function conversationNotFound(conversationId: string): AppError {
  return new AppError('CONVERSATION_NOT_FOUND', 'Conversation not found', {
    context: { conversation_id: conversationId },
  });
}

/** Wire form of a conversation row (the rolling summary stays internal). */
export function conversationToWire(row: typeof conversations.$inferSelect) {
  return {
    id: row.id,
    client_id: row.client_id,
    agent_id: row.agent_id,
    contact_id: row.contact_id,
    user_id: row.user_id,
    channel: row.channel,
    title: row.title,
    status: row.status,
    last_seq: row.last_seq,
    last_message_at: row.last_message_at?.toISOString() ?? null,
    taken_over_by: row.taken_over_by,
    taken_over_at: row.taken_over_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
