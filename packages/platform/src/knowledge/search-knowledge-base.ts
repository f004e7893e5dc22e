import type { KnowledgeSearchResult, SearchKnowledge } from '@renum/contracts';
import { knowledgeRetrievals, type Transaction, withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { Embedder } from './embed-texts.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';
import { embedQuery, meterQueryVectors } from './query-vectors.ts';
import { type RetrievedChunk, retrieveChunks } from './retrieve-chunks.ts';

/**
 * `POST /v1/knowledge-bases/{id}/search`: ranked chunks with their scores and which half found them. A
 * base with an embedding model has its query embedded first (metered to the client), outside the
 * search's transaction.
 */
export async function searchKnowledgeBase(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    knowledgeBaseId: string;
    input: SearchKnowledge;
    embedder?: Embedder | undefined;
  },
): Promise<KnowledgeSearchResult> {
  const { clientId } = requireClient(options.principal);
  const mode = options.input.mode ?? 'hybrid';
  const found = await withClient(deps.db, clientId, (tx) => loadKnowledgeBase(tx, options.knowledgeBaseId));
  const vectors =
    mode === 'lexical'
      ? []
      : await embedQuery(options.embedder, {
          clientId,
          query: options.input.query,
          bases: [{ id: found.id, embeddingModel: found.embedding_model }],
        });
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const hits = await retrieveChunks(tx, {
      knowledgeBaseIds: [base.id],
      languages: [base.language],
      query: options.input.query,
      topK: options.input.top_k,
      minScore: options.input.min_score,
      vectors,
      mode,
    });
    await meterQueryVectors(tx, { clientId, newId: deps.newId, vectors });
    await logRetrieval(tx, {
      id: deps.newId(),
      clientId,
      knowledgeBaseIds: [base.id],
      query: options.input.query,
      hits,
    });
    return {
      query: options.input.query,
      lexical_only: base.embedding_model === null,
      mode,
      results: hits.map(hitToWire),
    };
  });
}

/** Records a retrieval for the usage view (queries per base, hits per document). */
export async function logRetrieval(
  tx: Transaction,
  options: {
    id: string;
    clientId: string;
    knowledgeBaseIds: string[];
    query: string;
    hits: RetrievedChunk[];
    runId?: string | undefined;
  },
) {
  await tx.insert(knowledgeRetrievals).values({
    id: options.id,
    client_id: options.clientId,
    knowledge_base_ids: options.knowledgeBaseIds,
    run_id: options.runId ?? null,
    query: options.query.slice(0, 2000),
    chunk_ids: options.hits.map((hit) => hit.chunkId),
    document_ids: [...new Set(options.hits.map((hit) => hit.documentId))],
  });
}

/** A retrieved chunk as the API answers it. */
export function hitToWire(hit: RetrievedChunk): KnowledgeSearchResult['results'][number] {
  return {
    chunk_id: hit.chunkId,
    document_id: hit.documentId,
    knowledge_base_id: hit.knowledgeBaseId,
    document_title: hit.documentTitle,
    text: hit.text,
    heading_path: hit.headingPath,
    page: hit.page,
    position: hit.position,
    score: hit.score,
    lexical_score: hit.lexicalScore,
    vector_score: hit.vectorScore,
    found_by: hit.foundBy,
    feedback_prior: hit.feedbackPrior,
  };
}
