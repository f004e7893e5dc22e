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

/** How many recent messages are read for the prompt at most. */
export const historyRowLimit = 200;

/**
 * Splits past turns, newest first, into the newest ones that fit `budget` and the older
 * `overflow` that should be folded into the summary. Both come back in chronological order;
 * messages that are not user or assistant text are left out.
 */
export function splitHistory(
  rows: readonly { id: string; role: string; text: string | null }[],
  budget: number,
): { included: HistoryTurn[]; overflow: HistoryTurn[] } {
  const included: HistoryTurn[] = [];
  const overflow: HistoryTurn[] = [];
  let remaining = budget;
  for (const row of rows) {
    if ((row.role !== 'user' && row.role !== 'assistant') || !row.text) continue;
    const turn = { id: row.id, role: row.role, text: row.text } as const;
    remaining -= estimateTokens(row.text);
    if (remaining >= 0 && overflow.length === 0) included.unshift(turn);
    else overflow.unshift(turn);
  }
  return { included, overflow };
}
