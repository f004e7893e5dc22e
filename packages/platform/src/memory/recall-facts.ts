import { memories, type Transaction } from '@renum/db';
import { stemText } from '@renum/runtime';
import { and, desc, eq } from 'drizzle-orm';

/** A remembered fact with its relevance to the query (0 when recalled only for being recent). */
export interface RecalledFact {
  id: string;
  content: string;
  score: number;
  created_at: Date;
}

/**
 * The facts an agent remembers about a contact, most relevant to `query` first (shared word
 * stems, accent- and case-insensitive), then most recent. Never another contact's or client's:
 * the query is scoped by contact and agent, and RLS scopes it by client.
 */
export async function recallFacts(
  tx: Transaction,
  options: { agentId: string; contactId: string; query?: string | undefined; limit?: number | undefined },
): Promise<RecalledFact[]> {
  const rows = await tx
    .select({ id: memories.id, content: memories.content, created_at: memories.created_at })
    .from(memories)
    .where(and(eq(memories.contact_id, options.contactId), eq(memories.agent_id, options.agentId)))
    .orderBy(desc(memories.created_at))
    .limit(500);
  const queryStems = new Set(options.query ? stemText(options.query) : []);
  const scored = rows.map((row, index) => {
    const stems = new Set(stemText(row.content));
    let shared = 0;
    for (const stem of queryStems) if (stems.has(stem)) shared += 1;
    return { ...row, score: shared, recency: index };
  });
  scored.sort((a, b) => b.score - a.score || a.recency - b.recency);
  return scored.slice(0, options.limit ?? 8).map(({ recency: _recency, ...fact }) => fact);
}
