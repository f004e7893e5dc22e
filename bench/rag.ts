/**
 * `node bench/rag.ts [--limit N] [--sets pira-pt,pira-en] [--database-url postgres://...]`: retrieval
 * quality of knowledge bases on the labelled sets in ../shared/eval/rag/ (read from there, never copied)
 * beside the plain BM25 baseline of that folder's README, with ingestion and search timings. Each set's
 * corpus goes through the real ingestion (addDocument, then the knowledge.ingest job's work) and every
 * question through the search endpoint's use-case. Embedded PGlite unless a Postgres URL is given.
 * Lexical only: no embedding provider is wired yet, so there is no vector or hybrid column.
 */
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '@renum/db';
import {
  type EvalSetName,
  evalSetFolder,
  evalSets,
  evaluateSet,
} from '../apps/server/test/knowledge-eval-kit.ts';
import { testDeps } from '../apps/server/test/test-app.ts';

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
  },
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

for (const set of (args.sets ?? '').split(',') as EvalSetName[]) {
  const folder = evalSetFolder(set);
  if (!folder) {
    console.log(`${set}: skipped (no ../shared/eval/rag/${set})`);
    continue;
  }
  const handle = await openDatabase(
    args['database-url'] ? { kind: 'postgres', url: args['database-url'] } : { kind: 'pglite' },
  );
  try {
    await migrate(handle);
    const report = await evaluateSet(testDeps(handle.db), {
      set,
      folder,
      limit: args.limit ? Number(args.limit) : undefined,
    });
    const [ndcg, recall, mrr] = baseline[set];
    const f = (value: number) => value.toFixed(3);
    console.log(
      `${set} (${report.documents} documents, ${report.queries} queries, ${handle.kind}): ` +
        `lexical nDCG@10 ${f(report.lexical.ndcg10)} R@10 ${f(report.lexical.recall10)} MRR@10 ${f(report.lexical.mrr10)}; ` +
        `BM25 baseline ${f(ndcg)} / ${f(recall)} / ${f(mrr)}; ` +
        `ingestion ${(report.documents / (report.ingestMs / 1000)).toFixed(1)} documents/s; ` +
        `search p50 ${percentile(report.searchMs, 50).toFixed(0)} ms, p95 ${percentile(report.searchMs, 95).toFixed(0)} ms`,
    );
  } finally {
    await handle.close();
  }
}
