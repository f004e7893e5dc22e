/**
 * `node bench/rag.ts [--limit N] [--sets pira-pt,pira-en] [--database-url postgres://...]`: retrieval
 * quality of knowledge bases on the labelled sets in ../shared/eval/rag/ (read from there, never copied)
 * beside the plain BM25 baseline of that folder's README, with ingestion and search timings. Each set's
 * corpus goes through the real ingestion (addDocument, then the knowledge.ingest job's work) and every
 * question through the search endpoint's use-case. Embedded PGlite unless a Postgres URL is given.
 * `--embeddings` adds the vector and hybrid columns with an in-process zero-latency fake embedder (hashed
 * words, `fakeEmbedding`): it proves the plumbing, it is no semantic model, and its figures say nothing of
 * a real one. `--rerank` adds a reranked column, measured in the same run as its baseline: the candidates
 * go over HTTP (the Cohere/Jina `/rerank` wire format, through the model registry and `createReranker`)
 * to a local word-overlap reranker (`startFakeReranker`): it measures the stage's plumbing and cost, and
 * what word overlap does to the order; it is no semantic model (none runs on this machine).
 * `--postgres` runs on a fresh database of RENUM_BENCH_POSTGRES_URL's server (lexical only there
 * when it has no pgvector).
 */
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '@renum/db';
import { createReranker, type Embedder, hasVectorSupport } from '@renum/platform';
import { createModelRegistry } from '@renum/runtime';
import { fakeEmbedding, startFakeReranker } from '@renum/testing';
import {
  type EvalSetName,
  evalSetFolder,
  evalSets,
  evaluateSet,
} from '../apps/server/test/knowledge-eval-kit.ts';
import { testDeps } from '../apps/server/test/test-app.ts';
import { createBenchDatabase } from './lib/postgres.ts';

const baseline: Record<EvalSetName, [number, number, number]> = {
  'pira-pt': [0.842, 0.925, 0.815],
  'pira-pt-para': [0.798, 0.889, 0.769],
  'pira-en': [0.892, 0.952, 0.873],
};

const { values: args } = parseArgs({
  options: {
    limit: { type: 'string' },
    sets: { type: 'string', default: Object.keys(evalSets).join(',') },
    'database-url': { type: 'string' },
    postgres: { type: 'boolean', default: false },
    embeddings: { type: 'boolean', default: false },
    rerank: { type: 'boolean', default: false },
  },
});

/** Zero-latency embeddings for the plumbing: 384-dimension hashed words, 1 token a word. */
const fakeEmbedder: Embedder = {
  async embed({ texts }) {
    return {
      vectors: texts.map((text) => fakeEmbedding(text, 384)),
      tokens: texts.reduce((sum, text) => sum + text.split(/\s+/).length, 0),
      provider: 'openai-compatible',
      modelName: 'bench/hashed-words',
      apiKeyType: 'platform',
      latencyMs: 0,
    };
  },
  async assertUsable() {},
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const rerankServer = args.rerank ? await startFakeReranker({ keepAliveMs: 5000 }) : null;
const rerankModels = rerankServer
  ? createModelRegistry({ openaiCompatible: { bench: { baseURL: `${rerankServer.url}/v1` } } })
  : null;

for (const set of (args.sets ?? '').split(',') as EvalSetName[]) {
  const folder = evalSetFolder(set);
  if (!folder) {
    console.log(`${set}: skipped (no ../shared/eval/rag/${set})`);
    continue;
  }
  const fresh = args.postgres ? await createBenchDatabase() : null;
  if (fresh && 'unavailable' in fresh) throw new Error(fresh.unavailable);
  const url = fresh?.url ?? args['database-url'];
  const handle = await openDatabase(url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'pglite' });
  try {
    await migrate(handle);
    const vectors = args.embeddings && (await hasVectorSupport(handle.db));
    const deps = testDeps(handle.db);
    const report = await evaluateSet(deps, {
      set,
      folder,
      limit: args.limit ? Number(args.limit) : undefined,
      ...(vectors ? { embedder: fakeEmbedder, embeddingModel: 'openai-compatible/bench/hashed-words' } : {}),
      ...(rerankModels
        ? {
            reranker: createReranker(deps, rerankModels),
            rerankerModel: 'openai-compatible/bench/word-overlap',
          }
        : {}),
    });
    const [ndcg, recall, mrr] = baseline[set];
    const f = (value: number) => value.toFixed(3);
    console.log(
      `${set} (${report.documents} documents, ${report.queries} queries, ${handle.kind}): ` +
        `lexical nDCG@10 ${f(report.lexical.ndcg10)} R@10 ${f(report.lexical.recall10)} MRR@10 ${f(report.lexical.mrr10)}; ` +
        (report.vector
          ? `vector (fake) ${f(report.vector.ndcg10)} / ${f(report.vector.recall10)} / ${f(report.vector.mrr10)}; `
          : '') +
        (report.hybrid
          ? `hybrid (fake) ${f(report.hybrid.ndcg10)} / ${f(report.hybrid.recall10)} / ${f(report.hybrid.mrr10)}; `
          : '') +
        (report.reranked
          ? `reranked (word overlap) ${f(report.reranked.ndcg10)} / ${f(report.reranked.recall10)} / ${f(report.reranked.mrr10)}, ` +
            `${report.rerankFailures} failed calls, search with rerank p50 ${percentile(report.rerankedMs, 50).toFixed(0)} ms; `
          : '') +
        `BM25 baseline ${f(ndcg)} / ${f(recall)} / ${f(mrr)}; ` +
        `ingestion ${(report.documents / (report.ingestMs / 1000)).toFixed(1)} documents/s; ` +
        `search p50 ${percentile(report.searchMs, 50).toFixed(0)} ms, p95 ${percentile(report.searchMs, 95).toFixed(0)} ms`,
    );
  } finally {
    await handle.close();
    await fresh?.drop();
  }
}
await rerankServer?.close();
