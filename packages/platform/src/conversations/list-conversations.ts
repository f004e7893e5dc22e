import type { ListConversationsQuery } from '@renum/contracts';
import { conversations, withClient } from '@renum/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage } from '../wire.ts';
import { conversationToWire } from './conversation-id.ts';

/** A page of the caller's conversations, newest first, filtered by agent, status or contact. */
export async function listConversations(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListConversationsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const { query } = options;
  const conditions: SQL[] = [];
  if (query.agent_id) conditions.push(eq(conversations.agent_id, query.agent_id.toLowerCase()));
  if (query.status) conditions.push(eq(conversations.status, query.status));
  if (query.contact_id) conditions.push(eq(conversations.contact_id, query.contact_id.toLowerCase()));
  const after = cursorId(query.cursor);
  if (after) conditions.push(lt(conversations.id, after));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(conversations)
      .where(and(...conditions))
      .orderBy(desc(conversations.id))
      .limit(query.limit + 1),
  );
  return toPage(rows, query.limit, conversationToWire);
}
