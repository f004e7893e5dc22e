import { messages, withClient } from '@renum/db';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage, toWire } from '../wire.ts';
import { loadConversation } from './conversation-id.ts';

/** A conversation's messages, oldest first; `next_cursor` continues after the last one returned. */
export async function listMessages(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    conversationId: string;
    query: { cursor?: string | undefined; limit: number };
  },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const conversation = await loadConversation(tx, options.conversationId);
    const conditions: SQL[] = [eq(messages.conversation_id, conversation.id)];
    const after = cursorId(query.cursor);
    if (after) conditions.push(gt(messages.id, after));
    const rows = await tx
      .select({
        id: messages.id,
        conversation_id: messages.conversation_id,
        run_id: messages.run_id,
        role: messages.role,
        text: messages.text,
        content: messages.content,
        sub_agent_id: messages.sub_agent_id,
        tokens_input: messages.tokens_input,
        tokens_output: messages.tokens_output,
        author_user_id: messages.author_user_id,
        author_name: messages.author_name,
        citations: messages.citations,
        created_at: messages.created_at,
      })
      .from(messages)
      .where(and(...conditions))
      .orderBy(asc(messages.id))
      .limit(query.limit + 1);
    return toPage(rows, query.limit, toWire);
  });
}
