import type { UpdateConversation } from '@renum/contracts';
import { conversations, withClient } from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { assertConversationId, conversationNotFound, conversationToWire } from './conversation-id.ts';

/** Renames a conversation of the caller's client (`404 CONVERSATION_NOT_FOUND` for any other). */
export async function updateConversation(
  deps: PlatformDeps,
  options: { principal: Principal; conversationId: string; input: UpdateConversation },
) {
  const { clientId } = requireClient(options.principal);
  assertConversationId(options.conversationId);
  return withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ title: options.input.title, updated_at: sql`now()` })
      .where(eq(conversations.id, options.conversationId.toLowerCase()))
      .returning();
    if (!row) throw conversationNotFound(options.conversationId);
    return conversationToWire(row);
  });
}
