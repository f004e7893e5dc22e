import { conversations, type Transaction } from '@renum/db';
import { eq, sql } from 'drizzle-orm';

/** Reserves `size` sequence numbers of a conversation's stream: no other writer will use them. */
export async function reserveSeq(
  tx: Transaction,
  conversationId: string,
  size: number,
): Promise<{ first: number; last: number }> {
  const [row] = await tx
    .update(conversations)
    .set({ seq_reserved: sql`greatest(${conversations.seq_reserved}, ${conversations.last_seq}) + ${size}` })
    .where(eq(conversations.id, conversationId))
    .returning({ last: conversations.seq_reserved });
  const last = Number(row?.last ?? size);
  return { first: last - size + 1, last };
}
