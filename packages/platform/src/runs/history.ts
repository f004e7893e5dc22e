import { messages, type Transaction } from '@renum/db';
import { and, desc, eq, gt, lt } from 'drizzle-orm';

/** A past turn of a conversation. */
export interface HistoryTurn {
  id: string;
  role: 'user' | 'assistant';
  text: string;
}

/** Rough token estimate (4 characters a token) used only to fit history into its budget. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Splits the turns before the current message (and after the part already summarised) into the
 * newest ones that fit `budget` and the older `overflow` that should be folded into the summary.
 * Both in chronological order.
 */
export async function selectHistory(
  tx: Transaction,
  options: {
    conversationId: string;
    /** Only turns before this message; every stored turn when absent. */
    beforeMessageId?: string | undefined;
    summarizedThrough: string | null;
    budget: number;
  },
): Promise<{ included: HistoryTurn[]; overflow: HistoryTurn[] }> {
  const conditions = [eq(messages.conversation_id, options.conversationId)];
  if (options.beforeMessageId) conditions.push(lt(messages.id, options.beforeMessageId));
  if (options.summarizedThrough) conditions.push(gt(messages.id, options.summarizedThrough));
  const rows = await tx
    .select({ id: messages.id, role: messages.role, text: messages.text })
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.id))
    .limit(200);
  const included: HistoryTurn[] = [];
  const overflow: HistoryTurn[] = [];
  let budget = options.budget;
  for (const row of rows) {
    if ((row.role !== 'user' && row.role !== 'assistant') || !row.text) continue;
    const turn = { id: row.id, role: row.role, text: row.text };
    budget -= estimateTokens(row.text);
    if (budget >= 0 && overflow.length === 0) included.unshift(turn);
    else overflow.unshift(turn);
  }
  return { included, overflow };
}
