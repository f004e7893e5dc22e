import { messages, withClient } from '@renum/db';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { messageColumns } from '../conversations/message-columns.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';

/** Most messages one `sync` answers; a client that missed more pages through the HTTP list. */
export const syncMessageLimit = 500;

/**
 * The client's messages after `lastMessageId`, oldest first (ids are UUIDv7, so id order is time
 * order), for a WebSocket `sync`: what a reconnecting person missed in every conversation. Another
 * client's messages are invisible (RLS), whatever id is given.
 */
export async function listMessagesSince(
  deps: PlatformDeps,
  options: { principal: Principal; lastMessageId?: string | undefined; limit?: number | undefined },
) {
  const { clientId } = requireClient(options.principal);
  const conditions: SQL[] = [];
  if (options.lastMessageId) conditions.push(gt(messages.id, options.lastMessageId.toLowerCase()));
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select(messageColumns)
      .from(messages)
      .where(and(...conditions))
      .orderBy(asc(messages.id))
      .limit(options.limit ?? syncMessageLimit),
  );
  return rows.map(toWire);
}

/** The messages a run wrote (the message it answers and its answer), oldest first. */
export async function listRunMessages(deps: PlatformDeps, options: { clientId: string; runId: string }) {
  const rows = await withClient(deps.db, options.clientId, (tx) =>
    tx
      .select(messageColumns)
      .from(messages)
      .where(eq(messages.run_id, options.runId))
      .orderBy(asc(messages.id)),
  );
  return rows.map(toWire);
}
