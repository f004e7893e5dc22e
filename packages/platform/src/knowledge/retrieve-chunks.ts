import type { Transaction } from '@renum/db';
import {
  type LexicalAnalyzer,
  lexicalTerms,
  maximalMarginalRelevance,
  reciprocalRankFusion,
  type SearchLanguage,
} from '@renum/rag';
import { bm25WithVotes, type ChunkHit, type FeedbackVotes, feedbackVotes } from './lexical-search.ts';
import { vectorHits } from './vector-search.ts';

/** One retrieved chunk. */
export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  knowledgeBaseId: string;
  documentTitle: string;
  text: string;
  headingPath: string[];
  page: number | null;
  position: number;
  score: number;
  lexicalScore: number | null;
  vectorScore: number | null;
  foundBy: Array<'lexical' | 'vector'>;
  feedbackPrior: number;
  /** The reranker's relevance when it ordered this chunk (ADR 0054), else null. */
  rerankScore: number | null;
}

/** How much one net vote on answers that used a chunk moves it, and the most it can move. */
const feedbackStep = 0.004;
const feedbackCap = 0.012;

/** What a retrieval asks for. */
export interface RetrievalOptions {
  knowledgeBaseIds: readonly string[];
  /** How the searched bases were indexed (ADR 0072): the query is cut into terms each way. */
  analyzers: readonly BaseAnalyzer[];
  query: string;
  topK: number;
  /** Hits whose best score (BM25 or cosine) is below this are dropped. @defaultValue 0 */
  minScore?: number | undefined;
  /**
   * The query's embeddings, each with the bases embedded by its model: the vector half searches those
   * bases. Absent (lexical-only bases, or a database without pgvector): BM25 alone.
   */
  vectors?: ReadonlyArray<{ knowledgeBaseIds: readonly string[]; vector: readonly number[] }> | undefined;
  /** Which halves run (the evaluation measures each alone). @defaultValue 'hybrid' */
  mode?: 'hybrid' | 'lexical' | 'vector' | undefined;
}

/** A searched base's language and analyzer, which together decide its index terms. */
export interface BaseAnalyzer {
  language: SearchLanguage;
  analyzer: LexicalAnalyzer;
}

/** The query's terms for every way the searched bases were indexed, each term once. */
export function queryTerms(query: string, analyzers: readonly BaseAnalyzer[]): string[] {
  return [...new Set(analyzers.flatMap((base) => lexicalTerms(query, base.language, base.analyzer)))];
}

/** The fused candidates of a retrieval, best first, with what each half and the feedback said of them. */
export interface RetrievalCandidates {
  topK: number;
  fused: Array<{ id: string; score: number }>;
  rows: Map<string, ChunkHit>;
  lexicalScores: Map<string, number>;
  vectorScores: Map<string, number>;
  priors: Map<string, number>;
}

/**
 * Hybrid retrieval over the given knowledge bases in the transaction's client scope (row-level security
 * keeps every other client's rows out, statistics included): BM25 over the term index (ADR 0019) and,
 * when the bases have embeddings, the vector half; fused by reciprocal rank fusion plus each chunk's
 * feedback prior; MMR drops near-duplicates. Only chunks of each document's indexed version are seen.
 */
export async function retrieveChunks(tx: Transaction, options: RetrievalOptions): Promise<RetrievedChunk[]> {
  return pickChunks(await retrieveCandidates(tx, options));
}

/** The first, database half of {@link retrieveChunks}: both halves fused, before MMR (and a rerank). */
export async function retrieveCandidates(
  tx: Transaction,
  options: RetrievalOptions,
): Promise<RetrievalCandidates> {
  const mode = options.mode ?? 'hybrid';
  const empty = { topK: options.topK, fused: [], rows: new Map(), priors: new Map() };
  if (options.knowledgeBaseIds.length === 0) {
    return { ...empty, lexicalScores: new Map(), vectorScores: new Map() };
  }
  const terms = queryTerms(options.query, options.analyzers);
  const candidates = Math.max(options.topK * 4, 40);
  // The vector half first: the lexical statement then also reads the feedback on its hits (ADR 0059).
  const vector = mode === 'lexical' ? [] : await vectorHalf(tx, options.vectors ?? [], candidates);
  const vectorIds = vector.map((row) => row.chunk_id);
  const lexical =
    terms.length === 0 || mode === 'vector'
      ? { rows: [], votes: null }
      : await bm25WithVotes(tx, { ...options, terms, limit: candidates, alsoVotesFor: vectorIds });
  const lexicalScores = new Map(lexical.rows.map((row) => [row.chunk_id, row.score]));
  const vectorScores = new Map(vector.map((row) => [row.chunk_id, row.score]));
  const rows = new Map<string, ChunkHit>([...vector, ...lexical.rows].map((row) => [row.chunk_id, row]));
  const priors = feedbackPriors(lexical.votes ?? (await feedbackVotes(tx, vectorIds)));
  const fused = reciprocalRankFusion({
    lists: [
      { name: 'lexical', ids: lexical.rows.map((row) => row.chunk_id) },
      { name: 'vector', ids: vector.map((row) => row.chunk_id) },
    ].filter((list) => list.ids.length > 0),
    prior: (id) => priors.get(id) ?? 0,
  });
  const minScore = options.minScore ?? 0;
  const best = (id: string) => Math.max(lexicalScores.get(id) ?? 0, vectorScores.get(id) ?? 0);
  return {
    ...empty,
    fused: fused.filter((entry) => best(entry.id) >= minScore),
    rows,
    lexicalScores,
    vectorScores,
    priors,
  };
}

/** How many fused candidates a reranker sees: enough to promote from below the top-k, at most 50. */
export function rerankPoolSize(topK: number): number {
  return Math.min(50, Math.max(topK * 3, 30));
}

/** The passages a reranker reads for the candidates it is sent: title, section and text. */
export function rerankDocuments(candidates: RetrievalCandidates): { ids: string[]; texts: string[] } {
  const ids = candidates.fused.slice(0, rerankPoolSize(candidates.topK)).map((entry) => entry.id);
  const texts = ids.map((id) => {
    const row = candidates.rows.get(id);
    if (!row) return '';
    const section = row.heading_path.length > 0 ? `${row.heading_path.join(' > ')}\n` : '';
    return `${row.title}\n${section}${row.text}`.slice(0, 8000);
  });
  return { ids, texts };
}

/**
 * The second, in-process half: MMR over the candidates. With a reranker's scores (by chunk id), the
 * candidates it scored are ordered by them instead of the fusion; each then scores `1/(60+rank)` like a
 * fused list plus its feedback prior, so feedback still demotes a disliked chunk after a rerank.
 */
export function pickChunks(
  candidates: RetrievalCandidates,
  rerank?: ReadonlyMap<string, number> | undefined,
): RetrievedChunk[] {
  const { topK, priors } = candidates;
  const ordered = rerank
    ? [...candidates.fused.filter((entry) => rerank.has(entry.id))]
        .sort((a, b) => (rerank.get(b.id) ?? 0) - (rerank.get(a.id) ?? 0))
        .map((entry, index) => ({ id: entry.id, score: 1 / (61 + index) + (priors.get(entry.id) ?? 0) }))
        .sort((a, b) => b.score - a.score)
    : candidates.fused;
  // MMR looks at twice the hits asked for: enough to replace near-duplicates, cheap enough per query.
  const picked = maximalMarginalRelevance({
    candidates: ordered.slice(0, topK * 2).map((entry) => ({
      item: entry,
      relevance: entry.score,
      terms: new Set(lexicalTerms(candidates.rows.get(entry.id)?.text ?? '', 'simple')),
    })),
    limit: topK,
    // Against near-duplicates only (issue 10): passages that share under half their terms keep the fused
    // order, which plain MMR reshuffled (fused scores sit close together).
    lambda: 0.7,
    nearDuplicate: 0.5,
  });
  return picked.flatMap((entry) => {
    const row = candidates.rows.get(entry.id);
    return row ? [toChunk(candidates, row, entry.score, rerank?.get(entry.id) ?? null)] : [];
  });
}

function toChunk(
  candidates: RetrievalCandidates,
  row: ChunkHit,
  score: number,
  rerankScore: number | null,
): RetrievedChunk {
  const id = row.chunk_id;
  return {
    chunkId: id,
    documentId: row.document_id,
    knowledgeBaseId: row.knowledge_base_id,
    documentTitle: row.title,
    text: row.text,
    headingPath: row.heading_path,
    page: row.page,
    position: row.position,
    score,
    lexicalScore: candidates.lexicalScores.get(id) ?? null,
    vectorScore: candidates.vectorScores.get(id) ?? null,
    foundBy: [
      ...(candidates.lexicalScores.has(id) ? (['lexical'] as const) : []),
      ...(candidates.vectorScores.has(id) ? (['vector'] as const) : []),
    ],
    feedbackPrior: candidates.priors.get(id) ?? 0,
    rerankScore,
  };
}

/** The vector half: each query embedding against the bases of its model, merged by similarity. */
async function vectorHalf(
  tx: Transaction,
  vectors: ReadonlyArray<{ knowledgeBaseIds: readonly string[]; vector: readonly number[] }>,
  limit: number,
): Promise<ChunkHit[]> {
  const found: ChunkHit[] = [];
  for (const entry of vectors) {
    if (entry.knowledgeBaseIds.length === 0) continue;
    found.push(
      ...(await vectorHits(tx, { knowledgeBaseIds: entry.knowledgeBaseIds, vector: entry.vector, limit })),
    );
  }
  return found.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** Net votes on answers that used each chunk, as a bounded addition to its fused score. */
function feedbackPriors(votes: FeedbackVotes): Map<string, number> {
  return new Map(
    [...votes].map(([id, net]) => [id, Math.max(-feedbackCap, Math.min(feedbackCap, net * feedbackStep))]),
  );
}
