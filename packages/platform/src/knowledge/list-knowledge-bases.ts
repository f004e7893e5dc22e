import { documents, knowledgeBases, withClient } from '@renum/db';
import { asc, eq, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';
import { knowledgeBaseToWire } from './knowledge-wire.ts';

/** The client's knowledge bases by name (at most 200), each with its number of documents. */
export async function listKnowledgeBases(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    // A join, not a correlated subquery: a one-table select renders its columns unqualified, so the
    // subquery's `"id"` was the document's own id and every base counted 0 documents.
    const rows = await tx
      .select({ base: knowledgeBases, documentCount: sql<number>`count(${documents.id})::int` })
      .from(knowledgeBases)
      .leftJoin(documents, eq(documents.knowledge_base_id, knowledgeBases.id))
      .groupBy(knowledgeBases.id)
      .orderBy(asc(knowledgeBases.name))
      .limit(200);
    return { data: rows.map((row) => knowledgeBaseToWire(row.base, row.documentCount)), next_cursor: null };
  });
}

/** One knowledge base of the client, or `404 KNOWLEDGE_BASE_NOT_FOUND`. */
export async function getKnowledgeBase(
  deps: PlatformDeps,
  options: { principal: Principal; knowledgeBaseId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const [count] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(documents)
      .where(eq(documents.knowledge_base_id, base.id));
    return knowledgeBaseToWire(base, count?.n ?? 0);
  });
}
