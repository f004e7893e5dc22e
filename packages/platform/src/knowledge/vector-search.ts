import type { Database, Transaction } from '@renum/db';
import { sql } from 'drizzle-orm';
import type { ChunkHit } from './lexical-search.ts';

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

/**
 * Above this many vector components to compare (live chunks of the searched bases × dimensions), the HNSW
 * index is used; at or below it, an exact scan of the bases' own chunks (found through their index) is
 * both faster and exact: about 20,000 chunks of 384 dimensions, 5,000 of 1,536 (ADR 0065).
 */
export const exactScanBudget = 8_000_000;

/**
 * The nearest chunks to a query vector by cosine distance, among the given knowledge bases' live chunks,
 * in the transaction's client scope. `strategy` (default `auto`): `exact` compares the vector with each of
 * the bases' chunks (read through the bases' index; the benchmark's ground truth too); `index` walks
 * migration 0030's partial HNSW index of that size with iterative scans (pgvector 0.8), so the client and
 * base filters, applied after the index, do not starve the results; `auto` scans exactly when the bases
 * hold at most {@link exactScanBudget} components, since a client's bases are a small share of a large
 * shared index, which the graph walk would mostly filter away (ADR 0065).
 */
export async function vectorHits(
  tx: Transaction,
  options: {
    knowledgeBaseIds: readonly string[];
    vector: readonly number[];
    limit: number;
    strategy?: 'auto' | 'exact' | 'index' | undefined;
  },
): Promise<ChunkHit[]> {
  const dimensions = options.vector.length;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 16000) return [];
  const type = dimensions > 2000 ? 'halfvec' : 'vector';
  // Dimensions and type are integers and a fixed word, never input text: safe to inline (a typmod cannot be a parameter).
  const cast = sql.raw(`::${type}(${dimensions})`);
  const distance = sql`(c.embedding${cast} <=> ${`[${options.vector.join(',')}]`}${cast})`;
  const bases = sql`array[${sql.join(
    options.knowledgeBaseIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const exact = await scansExactly(tx, { strategy: options.strategy ?? 'auto', bases, dimensions });
  const matching = sql`cardinality(c.embedding) = ${sql.raw(String(dimensions))} and c.knowledge_base_id = any(${bases})`;
  // Materialised, the bases' chunks are read through their own index before any distance is computed,
  // so the planner cannot choose the HNSW walk for the exact scan.
  const { rows } = (await tx.execute(
    exact
      ? sql`with candidates as materialized (
          select c.id, c.document_id, c.knowledge_base_id, c.text, c.heading_path, c.page, c.position,
            c.document_version, ${distance} as distance
          from document_chunks c where ${matching})
        select c.id as chunk_id, c.document_id, c.knowledge_base_id, d.title, c.text, c.heading_path, c.page,
          c.position, (1 - c.distance)::float8 as score
        from candidates c join documents d on d.id = c.document_id and d.indexed_version = c.document_version
        order by c.distance
        limit ${options.limit}::int`
      : sql`
        select c.id as chunk_id, c.document_id, c.knowledge_base_id, d.title, c.text, c.heading_path, c.page,
          c.position, (1 - ${distance})::float8 as score
        from document_chunks c join documents d on d.id = c.document_id and d.indexed_version = c.document_version
        where ${matching}
        order by ${distance}
        limit ${options.limit}::int`,
  )) as unknown as { rows: ChunkHit[] };
  // relaxed_order may return neighbours slightly out of order: sort them by their score.
  return rows.map((row) => ({ ...row, score: Number(row.score) })).sort((a, b) => b.score - a.score);
}

/**
 * Sets the index walk's options (used only if the index is walked) and decides the strategy, in one round
 * trip: `auto` counts the bases' chunks through their index, up to the budget.
 */
async function scansExactly(
  tx: Transaction,
  options: { strategy: 'auto' | 'exact' | 'index'; bases: ReturnType<typeof sql>; dimensions: number },
): Promise<boolean> {
  const limit = Math.floor(exactScanBudget / options.dimensions);
  const counted =
    options.strategy === 'auto'
      ? sql`(select count(*) from (select 1 from document_chunks c
          where c.knowledge_base_id = any(${options.bases}) limit ${limit + 1}::int) s)::int`
      : sql`null::int`;
  const { rows } = (await tx.execute(
    sql`select set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true),
      ${counted} as live`,
  )) as unknown as { rows: Array<{ live: number | null }> };
  if (options.strategy !== 'auto') return options.strategy === 'exact';
  return Number(rows[0]?.live ?? 0) <= limit;
}
