import { AppError } from '@renum/contracts';
import { messageReads, messages, withClient } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { loadConversation } from '../conversations/conversation-id.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';

/**
 * Stores that the person read a message of a conversation of their client (the first time counts;
 * reading again changes nothing) and returns the receipt to broadcast. Another client's conversation is
 * `404 CONVERSATION_NOT_FOUND`, a message not in the conversation `404 NOT_FOUND`; an API key has no
 * person to read as (`403 FORBIDDEN`).
 */
export async function markMessageRead(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string; messageId: string },
) {
  const { clientId } = requireClient(options.principal);
  const userId = options.principal.userId;
  if (!userId) throw new AppError('FORBIDDEN', 'Only a person marks messages read');
  const messageId = options.messageId.toLowerCase();
  return withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    const [message] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversation_id, conversation.id)));
    if (!message) {
      throw new AppError('NOT_FOUND', 'Message not found in this conversation', {
        context: { message_id: options.messageId },
      });
    }
    await tx
      .insert(messageReads)
      .values({
        client_id: clientId,
        message_id: messageId,
        user_id: userId,
        conversation_id: conversation.id,
        read_at: deps.clock(),
      })
      .onConflictDoNothing();
    const [receipt] = await tx
      .select({ read_at: messageReads.read_at })
      .from(messageReads)
      .where(and(eq(messageReads.message_id, messageId), eq(messageReads.user_id, userId)));
    return {
      user_id: userId,
      conversation_id: conversation.id,
      message_id: messageId,
      read_at: (receipt?.read_at ?? deps.clock()).toISOString(),
    };
  });
}
