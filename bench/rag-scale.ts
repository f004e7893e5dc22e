/**
 * Retrieval at scale (issue 10): `node bench/rag-scale.ts [--chunks 10000,100000] [--queries 100]
 * [--postgres | --postgres-only] [--dimensions 384] [--baseline file.ts] [--keep] [--reuse url] [--pglite-dir dir]`. Fills a database with `chunks` chunks of which the
 * searching client owns 1% (the other 99% belong to another client, behind row-level security), through
 * the ingestion's own `indexChunks` (terms, full-text vector and embedding per chunk), then runs
 * `queries` searches through `retrieveChunks` in the searching client's scope: lexical, vector and hybrid
 * p50/p95 (and `search`: the search endpoint's use-case, lexical, with the base's read and the retrieval's
 * log), and recall@10 of the HNSW index against an exact scan. Embeddings come from an in-process
 * zero-latency fake (hashed words, `fakeEmbedding`): it measures the database, not a model. Ingestion
 * throughput is chunks per second of that fill. Vector figures only where the database has pgvector.
 */

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type DatabaseHandle,
  documents,
  knowledgeBases,
  migrate,
  openDatabase,
  withClient,
  withPlatform,
} from '@renum/db';
import {
  hasVectorSupport,
  indexChunks,
  retrieveChunks,
  searchKnowledgeBase,
  vectorHits,
} from '@renum/platform';
import { fakeEmbedding } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { testDeps } from '../apps/server/test/test-app.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import { bulkFill, withoutHnswDuring } from './lib/rag-bulk-fill.ts';
import { round, summarize } from './lib/stats.ts';

const { values: args } = parseArgs({
  options: {
    chunks: { type: 'string', default: '10000,100000' },
    queries: { type: 'string', default: '100' },
    /** Searches run first and not counted: a server's caches are warm, a database just opened is not. */
    warmup: { type: 'string', default: '10' },
    dimensions: { type: 'string', default: '384' },
    /** Also on Postgres (a fresh database of RENUM_BENCH_POSTGRES_URL's server, dropped afterwards). */
    postgres: { type: 'boolean', default: false },
    /** Skip PGlite. */
    'postgres-only': { type: 'boolean', default: false },
    /**
     * How the other client's 99% is filled: `bulk` (inside the database, the HNSW index built once after;
     * bench/lib/rag-bulk-fill.ts) or `ingest` (through `indexChunks`, as the searcher's 1% always is).
     */
    fill: { type: 'string', default: 'bulk' },
    /**
     * A module exporting another `retrieveChunks` (and optionally `searchKnowledgeBase`) to measure beside
     * the current ones on the same data, alternating per query: a change measured side by side, e.g. the
     * previous commit's file next to the current one (`git show <rev>:<path> > <path>.before.ts`).
     */
    baseline: { type: 'string' },
    /**
     * With `--baseline`: the variants may answer differently (a change from the index's approximate answers
     * to exact ones, ADR 0065); each query where they do is counted and printed instead of failing.
     */
    'answers-may-differ': { type: 'boolean', default: false },
    /** Keeps the Postgres database (its URL is printed) for EXPLAIN ANALYZE or `--reuse` afterwards. */
    keep: { type: 'boolean', default: false },
    /** Measures on a Postgres database a `--keep` run filled with the same `--chunks`, without filling. */
    reuse: { type: 'string' },
    /**
     * PGlite on disk in this directory instead of in memory: the first run fills it, later runs with the
     * same `--chunks` find it filled and only measure (a fill of 100k takes most of an hour; the search
     * phase a quiet window of minutes).
     */
    'pglite-dir': { type: 'string' },
  },
});
const dimensions = Number(args.dimensions);
const queryCount = Number(args.queries);

/** A deterministic pseudo-random generator (mulberry32), so every run fills the same data. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 8,000 made-up words drawn with a Zipf-like skew: a few common, most rare, as in real text. */
const vocabulary = Array.from({ length: 8000 }, (_, index) => `w${index.toString(36)}x`);
function text(next: () => number, words: number): string {
  return Array.from({ length: words }, () => vocabulary[Math.floor(vocabulary.length * next() ** 2.5)]).join(
    ' ',
  );
}

async function createClient(handle: DatabaseHandle, name: string) {
  const clientId = uuidv7();
  const baseId = uuidv7();
  await withPlatform(handle.db, async (tx) => {
    await tx.execute(
      sql`insert into clients (id, name, slug) values (${clientId}, ${name}, ${`${name}-${clientId}`})`,
    );
  });
  await withClient(handle.db, clientId, (tx) =>
    tx.insert(knowledgeBases).values({
      id: baseId,
      client_id: clientId,
      name,
      language: 'simple',
      embedding_model: 'bench/hashed-words',
    }),
  );
  return { clientId, baseId };
}

async function fill(
  handle: DatabaseHandle,
  target: { clientId: string; baseId: string },
  count: number,
  options: { seed: number; vectors: boolean },
) {
  const next = random(options.seed);
  const perDocument = 100;
  for (let start = 0; start < count; start += perDocument) {
    const size = Math.min(perDocument, count - start);
    const chunks = Array.from({ length: size }, (_, position) => {
      const body = text(next, 60);
      return { position, text: body, tokenCount: 80, headingPath: [], page: null };
    });
    const documentId = uuidv7();
    await withClient(handle.db, target.clientId, async (tx) => {
      await tx.insert(documents).values({
        id: documentId,
        client_id: target.clientId,
        knowledge_base_id: target.baseId,
        kind: 'text',
        title: `Document ${start / perDocument}`,
        checksum: createHash('sha256').update(documentId).digest('hex'),
        status: 'ready',
        progress: 100,
        indexed_version: 1,
      });
      await indexChunks(tx, {
        clientId: target.clientId,
        knowledgeBaseId: target.baseId,
        documentId,
        version: 1,
        language: 'simple',
        chunks,
        embeddings: options.vectors
          ? chunks.map((chunk) => fakeEmbedding(chunk.text, dimensions))
          : undefined,
        newId: uuidv7,
      });
    });
  }
}

async function measure(handle: DatabaseHandle, total: number) {
  const vectors = await hasVectorSupport(handle.db);
  const owned = Math.round(total / 100);
  const started = performance.now();
  const filled = args.reuse ? await filledSearcher(handle, total) : await keptSearcher(handle, total);
  const { searcher, indexSeconds } = filled
    ? { searcher: filled, indexSeconds: 0 }
    : await fillBoth(handle, total, vectors);
  const fillSeconds = filled ? 0 : (performance.now() - started) / 1000;
  const next = random(7);
  const queries = Array.from({ length: queryCount }, () => text(next, 4));
  const warm = random(8);
  const warmQueries = Array.from({ length: Number(args.warmup) }, () => text(warm, 4));
  await searchAll(handle, searcher, { queries: warmQueries, vectors });
  const { times, recall } = await searchAll(handle, searcher, { queries, vectors });
  const line = (name: string) => {
    const values = times.get(name) ?? [];
    return `${name} p50 ${round(summarize(values).p50, 1)} ms, p95 ${round(percentile95(values), 1)} ms`;
  };
  console.log(
    `${handle.kind} ${total} chunks (searcher owns ${owned}): fill (${args.fill}) ${round(fillSeconds, 0)} s ` +
      `of which HNSW build ${round(indexSeconds, 0)} s; load average ${loadavg()
        .map((x) => round(x, 1))
        .join(' ')}; ` +
      (vectors ? `HNSW recall@10 vs exact ${round(recall, 3)}` : 'no pgvector: lexical only'),
  );
  for (const name of [...times.keys()].sort()) console.log(`  ${line(name)}`);
  if (args.keep) console.log(`  kept: ${handle.kind === 'postgres' ? keptUrl : 'PGlite is in memory'}`);
  if (handle.kind === 'pglite' && args['pglite-dir']) console.log(`  kept in ${args['pglite-dir']}`);
}

/** A fresh fill: the searcher's 1% through `indexChunks`, the other client's 99% as `--fill` says. */
async function fillBoth(handle: DatabaseHandle, total: number, vectors: boolean) {
  const searcher = await createClient(handle, `searcher${total}`);
  const other = await createClient(handle, `other${total}`);
  const owned = Math.round(total / 100);
  const { indexSeconds } = await withoutHnswDuring(handle, vectors && args.fill === 'bulk', async () => {
    await fill(handle, searcher, owned, { seed: total + 1, vectors });
    if (args.fill === 'bulk')
      await bulkFill(handle, other, total - owned, { seed: total + 2, vectors, vocabulary, dimensions });
    else await fill(handle, other, total - owned, { seed: total + 2, vectors });
  });
  // What autovacuum does after a load on a server (this machine's Postgres runs with it off): the
  // statistics, and the visibility map that lets the covering indexes' scans skip the heap (ADR 0064).
  await handle.query('vacuum analyze');
  return { searcher, indexSeconds };
}

/** The searcher of a database an earlier `--keep` run filled with `total` chunks (`--reuse`). */
async function filledSearcher(handle: DatabaseHandle, total: number) {
  const [row] = await handle.query<{ id: string; client_id: string }>(
    'select id, client_id from knowledge_bases where name = $1',
    [`searcher${total}`],
  );
  if (!row) throw new Error(`--reuse: no knowledge base searcher${total} in that database`);
  return { clientId: row.client_id, baseId: row.id };
}

/** With `--pglite-dir`: the searcher of an earlier run's fill of that directory, if there is one. */
async function keptSearcher(handle: DatabaseHandle, total: number) {
  if (!(handle.kind === 'pglite' && args['pglite-dir'])) return undefined;
  const [row] = await handle.query<{ id: string; client_id: string }>(
    'select id, client_id from knowledge_bases where name = $1',
    [`searcher${total}`],
  );
  return row ? { clientId: row.client_id, baseId: row.id } : undefined;
}

type Retrieve = typeof retrieveChunks;
type Search = typeof searchKnowledgeBase;

/** The implementations measured: the current one, and beside it the baseline module's when given. */
const variants: Array<{ name: string; retrieve: Retrieve; search: Search | undefined }> = [
  { name: 'current', retrieve: retrieveChunks, search: searchKnowledgeBase },
];
if (args.baseline) {
  const baseline = (await import(pathToFileURL(resolve(args.baseline)).href)) as {
    retrieveChunks: Retrieve;
    searchKnowledgeBase?: Search;
  };
  variants.unshift({
    name: 'baseline',
    retrieve: baseline.retrieveChunks,
    search: baseline.searchKnowledgeBase,
  });
}

/**
 * Every query in every mode through each variant, the variants' order alternating per query so neither
 * always runs on a warmer cache; `search` is the search endpoint's use-case (lexical: the base's read,
 * the retrieval and its log). The variants must answer the same chunks with the same scores.
 */
async function searchAll(
  handle: DatabaseHandle,
  searcher: { clientId: string; baseId: string },
  options: { queries: string[]; vectors: boolean },
) {
  const times = new Map<string, number[]>();
  const timed = async <T>(name: string, work: () => Promise<T>) => {
    const begin = performance.now();
    const result = await work();
    times.set(name, [...(times.get(name) ?? []), performance.now() - begin]);
    return result;
  };
  const modes = options.vectors ? (['lexical', 'vector', 'hybrid'] as const) : (['lexical'] as const);
  const deps = testDeps(handle.db);
  const principal = {
    kind: 'user',
    userId: uuidv7(),
    apiKeyId: null,
    clientId: searcher.clientId,
    role: 'owner',
    platformRole: 'none',
  } as const;
  let recall = 0;
  const differing = new Map<string, number>();
  for (const [index, query] of options.queries.entries()) {
    const vector = fakeEmbedding(query, dimensions);
    const order = index % 2 === 0 ? variants : [...variants].reverse();
    for (const mode of modes) {
      const answers = new Map<string, string>();
      for (const variant of order) {
        const hits = await timed(`${mode} ${variant.name}`, () =>
          withClient(handle.db, searcher.clientId, (tx) =>
            variant.retrieve(tx, {
              knowledgeBaseIds: [searcher.baseId],
              analyzers: [{ language: 'simple', analyzer: 'stems' }],
              query,
              topK: 10,
              mode,
              vectors: [{ knowledgeBaseIds: [searcher.baseId], vector }],
            }),
          ),
        );
        answers.set(variant.name, JSON.stringify(hits.map((hit) => [hit.chunkId, round(hit.score, 9)])));
      }
      if (new Set(answers.values()).size > 1) {
        if (!args['answers-may-differ']) throw new Error(`the variants disagree on ${mode} "${query}"`);
        differing.set(mode, (differing.get(mode) ?? 0) + 1);
      }
    }
    for (const variant of order) {
      const search = variant.search;
      if (!search) continue;
      await timed(`search ${variant.name}`, () =>
        search(deps, {
          principal,
          knowledgeBaseId: searcher.baseId,
          input: { query, top_k: 10, mode: 'lexical', min_score: 0, rerank: false },
        }),
      );
    }
    if (options.vectors) recall += await indexRecall(handle, searcher, vector);
  }
  for (const [mode, count] of differing)
    console.log(`  ${mode}: the variants answered differently on ${count} queries`);
  return { times, recall: recall / options.queries.length };
}

/** Recall@10 of the HNSW index (iterative scans) against an exact scan of the same rows. */
async function indexRecall(
  handle: DatabaseHandle,
  searcher: { clientId: string; baseId: string },
  vector: number[],
) {
  const [indexed, exact] = await withClient(handle.db, searcher.clientId, async (tx) => [
    await vectorHits(tx, { knowledgeBaseIds: [searcher.baseId], vector, limit: 10, strategy: 'index' }),
    await vectorHits(tx, { knowledgeBaseIds: [searcher.baseId], vector, limit: 10, strategy: 'exact' }),
  ]);
  const truth = new Set(exact.map((row) => row.chunk_id));
  return indexed.filter((row) => truth.has(row.chunk_id)).length / Math.max(1, truth.size);
}

function percentile95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

let keptUrl = '';

/** A database given by `--reuse`: never dropped. */
function reused(url: string) {
  return { url, drop: async () => {}, release: async () => {} };
}

for (const total of (args.chunks ?? '').split(',').map(Number)) {
  if (!args['postgres-only'] && !args.reuse) {
    const dataDir = args['pglite-dir'] ? join(args['pglite-dir'], String(total)) : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const handle = await openDatabase({ kind: 'pglite', ...(dataDir ? { dataDir } : {}) });
    try {
      await migrate(handle);
      await measure(handle, total);
    } finally {
      await handle.close();
    }
  }
  if (args.postgres || args['postgres-only'] || args.reuse) {
    const database = args.reuse ? reused(args.reuse) : await createBenchDatabase();
    if ('unavailable' in database) {
      console.log(`postgres: skipped (${database.unavailable})`);
      continue;
    }
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 4 });
    keptUrl = database.url;
    try {
      await migrate(handle);
      await measure(handle, total);
    } finally {
      await handle.close();
      if (args.keep) await database.release();
      else await database.drop();
    }
  }
}
