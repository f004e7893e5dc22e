import { documents, knowledgeBases, withClient } from '@renum/db';
import { asc, eq, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';
import { knowledgeBaseToWire } from './knowledge-wire.ts';

const documentCount = sql<number>`(select count(*)::int from ${documents} d
  where d.knowledge_base_id = ${knowledgeBases.id})`;

/** The client's knowledge bases by name (at most 200), each with its number of documents. */
export async function listKnowledgeBases(deps: PlatformDeps, options: { principal: Principal }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const rows = await tx
      .select({ base: knowledgeBases, documentCount })
      .from(knowledgeBases)
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
