import { messages, withClient } from '@renum/db';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage, toWire } from '../wire.ts';
import { loadConversation } from './conversation-id.ts';
import { messageColumns } from './message-columns.ts';

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
      .select(messageColumns)
      .from(messages)
      .where(and(...conditions))
      .orderBy(asc(messages.id))
      .limit(query.limit + 1);
    return toPage(rows, query.limit, toWire);
  });
}
