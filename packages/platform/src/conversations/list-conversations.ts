import type { ListConversationsQuery } from '@renum/contracts';
import { AppError } from '@renum/contracts';
import { conversations, type Transaction, withClient } from '@renum/db';
import { and, desc, eq, getTableColumns, ilike, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, escapeLike, toPage } from '../wire.ts';
import { conversationToWire } from './conversation-id.ts';

/** When a conversation last moved: its newest message, or its creation without any. */
const activity = sql<Date>`coalesce(${conversations.last_message_at}, ${conversations.created_at})`;

/**
 * A page of the caller's conversations, newest first (by creation, or by activity for the inbox), filtered by agent, status, contact, channel,
 * takeover and a part of the title. For a person, each carries `unread_count` from their stored read
 * receipts.
 */
export async function listConversations(
  deps: PlatformDeps,
  options: { principal: Principal; query: ListConversationsQuery },
) {
  const { clientId } = requireClient(options.principal);
  const userId = options.principal.kind === 'user' ? options.principal.userId : null;
  const byActivity = options.query.sort === 'activity';
  const conditions = [...filtersOf(options.query), ...pageStart(options.query.cursor, byActivity)];
  const order = byActivity ? [desc(activity), desc(conversations.id)] : [desc(conversations.id)];
  const { rows, unread } = await withClient(deps.db, clientId, async (tx) => {
    const rows = await tx
      .select({ ...getTableColumns(conversations), activity_at: sql<string>`${activity}::text` })
      .from(conversations)
      .where(and(...conditions))
      .orderBy(...order)
      .limit(options.query.limit + 1);
    const ids = rows.slice(0, options.query.limit).map((row) => row.id);
    return { rows, unread: userId ? await unreadCounts(tx, userId, ids) : null };
  });
  const page = toPage(rows, options.query.limit, (row) =>
    unread ? { ...conversationToWire(row), unread_count: unread.get(row.id) ?? 0 } : conversationToWire(row),
  );
  const last = rows[options.query.limit - 1];
  if (!byActivity || !page.next_cursor || !last) return page;
  return { ...page, next_cursor: encodeActivityCursor(last) };
}

/** A timestamp as Postgres prints one (`2026-12-05 15:20:01.123456+00`). */
const timestampText = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * Where a page starts: after the cursor's id (by creation), or after the cursor's `<activity>|<id>` pair
 * (by activity). A conversation that moves while a person pages may show on two pages or none: the
 * inbox refreshes live, so it is seen again at the top.
 */
function pageStart(cursor: string | undefined, byActivity: boolean): SQL[] {
  if (!cursor) return [];
  if (!byActivity) {
    const after = cursorId(cursor);
    return after ? [lt(conversations.id, after)] : [];
  }
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !timestampText.test(at) || !id || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid cursor', { context: { field: 'cursor' } });
  }
  return [sql`(${activity}, ${conversations.id}) < (${at}::timestamptz, ${id}::uuid)`];
}

/** The activity as Postgres printed it (microseconds kept: a millisecond `Date` would skip rows). */
function encodeActivityCursor(row: { id: string; activity_at: string }): string {
  return Buffer.from(`${row.activity_at}|${row.id}`, 'utf8').toString('base64url');
}

function filtersOf(query: ListConversationsQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.agent_id) conditions.push(eq(conversations.agent_id, query.agent_id.toLowerCase()));
  if (query.status) conditions.push(eq(conversations.status, query.status));
  if (query.contact_id) conditions.push(eq(conversations.contact_id, query.contact_id.toLowerCase()));
  if (query.channel) conditions.push(eq(conversations.channel, query.channel));
  if (query.taken_over !== undefined) {
    conditions.push(
      query.taken_over ? isNotNull(conversations.taken_over_by) : isNull(conversations.taken_over_by),
    );
  }
  if (query.q) conditions.push(ilike(conversations.title, `%${escapeLike(query.q)}%`));
  return conditions;
}

/**
 * Per conversation, the messages the person has not read: a user or assistant message written after the
 * newest one they marked read (ids are UUIDv7, so id order is time order; `idx_messages_conversation`
 * and `idx_message_reads_user_conversation` serve it), except their own (a reply they wrote holding the
 * conversation, or what they said in a conversation they started).
 */
async function unreadCounts(tx: Transaction, userId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = (await tx.execute(sql`
    select c.id as conversation_id, (
      select count(*)::int from messages m
      where m.conversation_id = c.id
        and m.role in ('user', 'assistant')
        and m.author_user_id is distinct from ${userId}::uuid
        and not (m.role = 'user' and c.user_id is not distinct from ${userId}::uuid)
        and m.id > coalesce((
          select r.message_id from message_reads r
          where r.user_id = ${userId}::uuid and r.conversation_id = c.id
          order by r.message_id desc limit 1
        ), '00000000-0000-0000-0000-000000000000'::uuid)
    ) as unread
    from conversations c
    where c.id in (${list})`)) as unknown as { rows: { conversation_id: string; unread: number }[] };
  return new Map(result.rows.map((row) => [row.conversation_id, Number(row.unread)]));
}
