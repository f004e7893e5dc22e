import { documentChunks, documentChunkTerms, knowledgeBases, type Transaction, withClient } from '@renum/db';
import { type SearchLanguage, termFrequencies } from '@renum/rag';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { chunkTermText, insertTermRows } from './index-chunks.ts';

/** Chunks read and re-termed at a time, inside the one transaction. */
const pageSize = 2000;

/**
 * The `knowledge.reindex-terms` job's work (ADR 0072): rewrites a `words` base's term rows as stems from
 * its stored chunk texts, and marks it `stems`, in one transaction under the base's row lock, so a
 * search sees either the old terms with the old analyzer or the new terms with the new one, and an
 * ingestion batch (which takes a key-share lock on the same row) waits for it. Nothing is embedded or
 * fetched again. A base already `stems`, or gone, is left alone: the job is safe to run twice.
 * Answers the number of chunks re-termed, or null when there was nothing to do.
 */
export async function reindexTerms(
  deps: PlatformDeps,
  options: { clientId: string; knowledgeBaseId: string },
): Promise<number | null> {
  return withClient(deps.db, options.clientId, async (tx) => {
    const [base] = await tx
      .select({ language: knowledgeBases.language, analyzer: knowledgeBases.lexical_analyzer })
      .from(knowledgeBases)
      .where(eq(knowledgeBases.id, options.knowledgeBaseId))
      .for('update');
    if (!base || base.analyzer === 'stems') return null;
    await tx
      .delete(documentChunkTerms)
      .where(eq(documentChunkTerms.knowledge_base_id, options.knowledgeBaseId));
    const chunks = await retermChunks(tx, { ...options, language: base.language });
    await tx
      .update(knowledgeBases)
      .set({ lexical_analyzer: 'stems', updated_at: deps.clock() })
      .where(eq(knowledgeBases.id, options.knowledgeBaseId));
    return chunks;
  });
}

/** Every chunk of the base (all versions), page by page: its terms as stems. */
async function retermChunks(
  tx: Transaction,
  options: { clientId: string; knowledgeBaseId: string; language: SearchLanguage },
): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let count = 0;
  for (;;) {
    const page = await tx
      .select({ id: documentChunks.id, text: documentChunks.text, headingPath: documentChunks.heading_path })
      .from(documentChunks)
      .where(and(eq(documentChunks.knowledge_base_id, options.knowledgeBaseId), gt(documentChunks.id, after)))
      .orderBy(asc(documentChunks.id))
      .limit(pageSize);
    await insertTermRows(
      tx,
      page.flatMap((chunk) =>
        [...termFrequencies(chunkTermText(chunk), options.language, 'stems').frequencies].map(
          ([term, frequency]) => ({
            client_id: options.clientId,
            knowledge_base_id: options.knowledgeBaseId,
            chunk_id: chunk.id,
            term,
            frequency,
          }),
        ),
      ),
    );
    count += page.length;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return count;
    after = last.id;
  }
}
