import type { Database, Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';

/** Embedding sizes migration 0030 gives an HNSW index; 3072 is indexed as halfvec (HNSW's vector limit is 2000). */
export const indexedDimensions = [384, 768, 1024, 1536, 3072] as const;

const support = new WeakMap<object, Promise<boolean>>();

/**
 * Whether the database has pgvector (migration 0030 created the extension and its indexes). Asked once
 * per database handle. Without it knowledge bases are lexical-only (ADR 0037).
 */
export function hasVectorSupport(db: Database): Promise<boolean> {
  let known = support.get(db);
  if (!known) {
    known = db
      .execute(sql`select to_regtype('vector') is not null as ok`)
      .then((result) => Boolean((result as unknown as { rows: Array<{ ok: boolean }> }).rows[0]?.ok));
    support.set(db, known);
    known.catch(() => support.delete(db));
  }
  return known;
}

/** One chunk the vector half found, with its cosine similarity. */
export interface VectorRow extends Record<string, unknown> {
  chunk_id: string;
  document_id: string;
  knowledge_base_id: string;
  title: string;
  text: string;
  heading_path: string[];
  page: number | null;
  position: number;
  score: number;
}

/**
 * The nearest chunks to a query vector by cosine distance, among the given knowledge bases' live chunks,
 * in the transaction's client scope. Orders by the same expression as migration 0030's partial HNSW index
 * of that size, with iterative index scans (pgvector 0.8) so the client and base filters, applied after
 * the index, do not starve the results. `exact` turns index scans off: the benchmark's ground truth.
 */
export async function vectorHits(
  tx: Transaction,
  options: {
    knowledgeBaseIds: readonly string[];
    vector: readonly number[];
    limit: number;
    exact?: boolean | undefined;
  },
): Promise<VectorRow[]> {
  const dimensions = options.vector.length;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000) return [];
  const type = dimensions > 2000 ? 'halfvec' : 'vector';
  // Dimensions and type are integers and a fixed word, never input text: safe to inline (a typmod cannot be a parameter).
  const cast = sql.raw(`::${type}(${dimensions})`);
  const distance = sql`(c.embedding${cast} <=> ${`[${options.vector.join(',')}]`}${cast})`;
  if (options.exact) {
    await tx.execute(
      sql`select set_config('enable_indexscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
    );
  } else {
    await tx.execute(
      sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)`,
    );
  }
  const bases = sql`array[${sql.join(
    options.knowledgeBaseIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const { rows } = (await tx.execute(sql`
    select c.id as chunk_id, c.document_id, c.knowledge_base_id, d.title, c.text, c.heading_path, c.page,
      c.position, (1 - ${distance})::float8 as score
    from document_chunks c join documents d on d.id = c.document_id and d.indexed_version = c.document_version
    where cardinality(c.embedding) = ${sql.raw(String(dimensions))} and c.knowledge_base_id = any(${bases})
    order by ${distance}
    limit ${options.limit}::int`)) as unknown as { rows: VectorRow[] };
  if (options.exact) {
    await tx.execute(
      sql`select set_config('enable_indexscan', 'on', true), set_config('enable_bitmapscan', 'on', true)`,
    );
  }
  // relaxed_order may return neighbours slightly out of order: sort them by their score.
  return rows.map((row) => ({ ...row, score: Number(row.score) })).sort((a, b) => b.score - a.score);
}
