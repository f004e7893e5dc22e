import type { KnowledgeSearchResult, SearchKnowledge } from '@renum/contracts';
import { knowledgeRetrievals, type Transaction, withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { Embedder } from './embed-texts.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';
import { embedQuery, meterQueryVectors, type QueryVector } from './query-vectors.ts';
import { meterRerank, type Reranker, rerankCandidates } from './rerank-passages.ts';
import { pickChunks, type RetrievedChunk, retrieveCandidates, retrieveChunks } from './retrieve-chunks.ts';

/**
 * `POST /v1/knowledge-bases/{id}/search`: ranked chunks with their scores and which half found them. A
 * base with an embedding model has its query embedded first, and a base with a reranker has its fused
 * candidates reranked (ADR 0054): both network calls happen outside the search's transactions, and are
 * metered to the client with the retrieval's log. A search that calls neither (a lexical-only base without
 * a reranker) reads the base, retrieves and logs in one transaction (ADR 0059).
 */
export async function searchKnowledgeBase(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    knowledgeBaseId: string;
    input: SearchKnowledge;
    embedder?: Embedder | undefined;
    reranker?: Reranker | undefined;
  },
): Promise<KnowledgeSearchResult> {
  const { clientId } = requireClient(options.principal);
  const { input } = options;
  const mode = input.mode ?? 'hybrid';
  const retrievalOf = (found: KnowledgeBaseRow, vectors: QueryVector[]) => ({
    knowledgeBaseIds: [found.id],
    analyzers: [{ language: found.language, analyzer: found.lexical_analyzer }],
    query: input.query,
    topK: input.top_k,
    minScore: input.min_score,
    vectors,
    mode,
  });
  // A search that calls nothing outside (no query embedding, no rerank) is one transaction (ADR 0059).
  const local = await withClient(deps.db, clientId, async (tx) => {
    const found = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    if (callsOut(found, options)) return { found, answer: null };
    const hits = await retrieveChunks(tx, retrievalOf(found, []));
    return {
      found,
      answer: await answer(deps, tx, { clientId, found, input, hits, vectors: [], reranked: null }),
    };
  });
  if (local.answer) return local.answer;
  const { found } = local;
  const vectors =
    mode === 'lexical'
      ? []
      : await embedQuery(options.embedder, {
          clientId,
          query: input.query,
          bases: [{ id: found.id, embeddingModel: found.embedding_model }],
        });
  const retrieval = retrievalOf(found, vectors);
  const rerankModel = rerankModelOf(found, input);
  const candidates = rerankModel
    ? await withClient(deps.db, clientId, (tx) => retrieveCandidates(tx, retrieval))
    : null;
  const reranked = candidates
    ? await rerankCandidates(deps, options.reranker, {
        clientId,
        modelId: rerankModel,
        query: input.query,
        candidates,
      })
    : null;
  return withClient(deps.db, clientId, async (tx) => {
    const hits = candidates ? pickChunks(candidates, reranked?.scores) : await retrieveChunks(tx, retrieval);
    return answer(deps, tx, { clientId, found, input, hits, vectors, reranked });
  });
}

type KnowledgeBaseRow = Awaited<ReturnType<typeof loadKnowledgeBase>>;

function rerankModelOf(found: KnowledgeBaseRow, input: SearchKnowledge): string | null {
  return input.rerank === false ? null : found.reranker_model;
}

/** Whether a search of this base makes a network call: embedding its query or reranking its hits. */
function callsOut(
  found: KnowledgeBaseRow,
  options: { input: SearchKnowledge; embedder?: Embedder | undefined; reranker?: Reranker | undefined },
): boolean {
  const embeds = (options.input.mode ?? 'hybrid') !== 'lexical' && found.embedding_model !== null;
  const reranks = rerankModelOf(found, options.input) !== null;
  return (embeds && options.embedder !== undefined) || (reranks && options.reranker !== undefined);
}

/** Meters the search's calls, logs the retrieval and answers its hits, in the search's last transaction. */
async function answer(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    clientId: string;
    found: KnowledgeBaseRow;
    input: SearchKnowledge;
    hits: RetrievedChunk[];
    vectors: QueryVector[];
    reranked: Awaited<ReturnType<typeof rerankCandidates>>;
  },
): Promise<KnowledgeSearchResult> {
  const { clientId, found, input, hits, reranked } = options;
  await meterQueryVectors(tx, { clientId, newId: deps.newId, vectors: options.vectors });
  if (reranked) {
    await meterRerank(tx, {
      id: deps.newId(),
      clientId,
      knowledgeBaseId: found.id,
      result: reranked.result,
      documents: reranked.scores.size,
    });
  }
  await logRetrieval(tx, {
    id: deps.newId(),
    clientId,
    knowledgeBaseIds: [found.id],
    query: input.query,
    hits,
  });
  return {
    query: input.query,
    lexical_only: found.embedding_model === null,
    mode: input.mode ?? 'hybrid',
    reranked_by: reranked ? reranked.result.modelId : null,
    results: hits.map(hitToWire),
  };
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
    rerank_score: hit.rerankScore,
  };
}
