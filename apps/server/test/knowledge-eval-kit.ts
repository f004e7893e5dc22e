import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withPlatform } from '@renum/db';
import {
  addDocument,
  createEmbeddedJobQueue,
  createKnowledgeBase,
  type Embedder,
  ingestDocument,
  type PlatformDeps,
  type Principal,
  type Reranker,
  searchKnowledgeBase,
} from '@renum/platform';
import { sql } from 'drizzle-orm';
import pino from 'pino';

/** The labelled sets of `../shared/eval/rag/` (never copied into the project). */
export const evalSets = {
  'pira-pt': 'portuguese',
  'pira-pt-para': 'portuguese',
  'pira-en': 'english',
} as const;
export type EvalSetName = keyof typeof evalSets;

/** The folder of a set beside the project's root, or null when this machine has none. */
export function evalSetFolder(name: EvalSetName): string | null {
  const folder = fileURLToPath(new URL(`../../../../shared/eval/rag/${name}/`, import.meta.url));
  return existsSync(`${folder}corpus.jsonl`) ? folder : null;
}

/** nDCG@10, recall@10 and MRR@10 averaged over the queries. */
export interface RetrievalQuality {
  ndcg10: number;
  recall10: number;
  mrr10: number;
}

/** What one evaluation measured: quality, and time spent ingesting and per search. */
export interface EvalReport {
  set: EvalSetName;
  documents: number;
  chunks: number;
  queries: number;
  lexical: RetrievalQuality;
  /** With an embedding model only. */
  vector: RetrievalQuality | null;
  hybrid: RetrievalQuality | null;
  /** The main mode (hybrid, else lexical) with the base's reranker, in the same run: with a reranker only. */
  reranked: RetrievalQuality | null;
  /** Searches whose rerank call failed (their fused order was kept and counted as reranked). */
  rerankFailures: number;
  ingestMs: number;
  /** Hybrid searches when there is an embedding model, else lexical ones. */
  searchMs: number[];
  /** The same searches with the reranker. */
  rerankedMs: number[];
}

type Mode = 'lexical' | 'vector' | 'hybrid';
type Column = Mode | 'reranked';

/**
 * Ingests a set's corpus through the real pipeline (addDocument, then the ingestion job's work) into a
 * fresh client's knowledge base, and runs every question through the search endpoint's use-case. Each
 * document counts once, at the best rank of its chunks (as the baseline's figures do).
 */
export async function evaluateSet(
  deps: PlatformDeps,
  options: {
    set: EvalSetName;
    folder: string;
    limit?: number | undefined;
    /** Embeds chunks and queries with `embeddingModel`: adds the vector and hybrid columns. */
    embedder?: Embedder | undefined;
    embeddingModel?: string | undefined;
    /** Reranks with `rerankerModel`: adds the reranked column (the main mode, reranked). */
    reranker?: Reranker | undefined;
    rerankerModel?: string | undefined;
  },
): Promise<EvalReport> {
  const read = (file: string) => readFileSync(`${options.folder}${file}`, 'utf8').split('\n').filter(Boolean);
  const corpus = read('corpus.jsonl').map(
    (line) => JSON.parse(line) as { id: string; title: string; text: string },
  );
  const queries = read('queries.jsonl')
    .map((line) => JSON.parse(line) as { id: string; text: string })
    .slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  const qrels = new Map<string, Map<string, number>>();
  for (const line of read('qrels.tsv').slice(1)) {
    const [query, document, relevance] = line.split('\t');
    if (!query || !document) continue;
    const judged = qrels.get(query) ?? new Map<string, number>();
    judged.set(document, Number(relevance));
    qrels.set(query, judged);
  }
  const principal = await evalPrincipal(deps);
  const jobs = createEmbeddedJobQueue({
    db: deps.db,
    logger: pino({ level: 'silent' }),
    clock: deps.clock,
    newId: deps.newId,
    processId: 'eval',
  });
  const embedding = options.embedder && options.embeddingModel ? options.embeddingModel : null;
  const knowledge = { jobs, embedder: options.embedder };
  const reranking = options.reranker && options.rerankerModel ? options.rerankerModel : null;
  const base = await createKnowledgeBase(deps, {
    principal,
    embedder: options.embedder,
    reranker: options.reranker,
    input: {
      name: options.set,
      language: evalSets[options.set],
      embedding_model: embedding,
      reranker_model: reranking,
      chunk_target_tokens: 350,
      chunk_overlap_tokens: 40,
    },
  });
  const started = performance.now();
  let chunks = 0;
  for (const document of corpus) {
    const text = document.title ? `${document.title}\n\n${document.text}` : document.text;
    const added = await addDocument(deps, knowledge, {
      principal,
      knowledgeBaseId: base.id,
      source: { kind: 'text', title: document.id, text },
    });
    await ingestDocument(deps, knowledge, {
      clientId: principal.clientId ?? '',
      documentId: added.document.id,
      version: 1,
      signal: new AbortController().signal,
    });
    chunks += 1;
  }
  const ingestMs = performance.now() - started;
  const modes: Mode[] = embedding ? ['lexical', 'vector', 'hybrid'] : ['lexical'];
  const timed: Mode = embedding ? 'hybrid' : 'lexical';
  const columns: Column[] = reranking ? [...modes, 'reranked'] : modes;
  const searchMs: number[] = [];
  const rerankedMs: number[] = [];
  let rerankFailures = 0;
  const totals = new Map(columns.map((column) => [column, { ndcg10: 0, recall10: 0, mrr10: 0 }]));
  for (const query of queries) {
    for (const mode of columns) {
      const begin = performance.now();
      const found = await searchKnowledgeBase(deps, {
        principal,
        knowledgeBaseId: base.id,
        embedder: options.embedder,
        reranker: options.reranker,
        input: {
          query: query.text,
          top_k: 30,
          min_score: 0,
          mode: mode === 'reranked' ? timed : mode,
          rerank: mode === 'reranked',
        },
      });
      if (mode === timed) searchMs.push(performance.now() - begin);
      if (mode === 'reranked') {
        rerankedMs.push(performance.now() - begin);
        if (found.reranked_by === null) rerankFailures++;
      }
      const ranked = [...new Set(found.results.map((hit) => hit.document_title))].slice(0, 10);
      const quality = scoreRanking(ranked, qrels.get(query.id) ?? new Map());
      const total = totals.get(mode);
      if (!total) continue;
      total.ndcg10 += quality.ndcg10;
      total.recall10 += quality.recall10;
      total.mrr10 += quality.mrr10;
    }
  }
  const n = queries.length;
  const average = (mode: Column): RetrievalQuality | null => {
    const total = totals.get(mode);
    return total ? { ndcg10: total.ndcg10 / n, recall10: total.recall10 / n, mrr10: total.mrr10 / n } : null;
  };
  return {
    set: options.set,
    documents: corpus.length,
    chunks,
    queries: n,
    lexical: average('lexical') ?? { ndcg10: 0, recall10: 0, mrr10: 0 },
    vector: average('vector'),
    hybrid: average('hybrid'),
    reranked: average('reranked'),
    rerankFailures,
    ingestMs,
    searchMs,
    rerankedMs,
  };
}

/** nDCG@10 (gain 2^rel − 1), recall@10 and reciprocal rank of one ranked list of document ids. */
export function scoreRanking(
  ranked: readonly string[],
  judged: ReadonlyMap<string, number>,
): RetrievalQuality {
  const top = ranked.slice(0, 10);
  const dcg = top.reduce(
    (sum, id, index) => sum + (2 ** (judged.get(id) ?? 0) - 1) / Math.log2(index + 2),
    0,
  );
  const ideal = [...judged.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, relevance, index) => sum + (2 ** relevance - 1) / Math.log2(index + 2), 0);
  const relevant = [...judged].filter(([, relevance]) => relevance > 0).map(([id]) => id);
  const hits = top.filter((id) => (judged.get(id) ?? 0) > 0).length;
  const first = top.findIndex((id) => (judged.get(id) ?? 0) > 0);
  return {
    ndcg10: ideal > 0 ? dcg / ideal : 0,
    recall10: relevant.length > 0 ? hits / relevant.length : 0,
    mrr10: first >= 0 ? 1 / (first + 1) : 0,
  };
}

/** A fresh client with an owner to act as. */
async function evalPrincipal(deps: PlatformDeps): Promise<Principal> {
  const clientId = deps.newId();
  const userId = deps.newId();
  await withPlatform(deps.db, async (tx) => {
    await tx.execute(
      sql`insert into clients (id, name, slug) values (${clientId}, 'Eval', ${`eval-${clientId}`})`,
    );
    await tx.execute(
      sql`insert into users (id, email, name) values (${userId}, ${`${userId}@eval.test`}, 'Eval')`,
    );
  });
  return {
    kind: 'user',
    userId,
    apiKeyId: null,
    clientId,
    role: 'owner',
    platformRole: 'none' as Principal['platformRole'],
  };
}
