import type { DatabaseHandle } from '@renum/db';

/** The HNSW index migration 0030 gives 384-dimension embeddings (the benchmark's size). */
const hnsw384 = {
  name: 'idx_document_chunks_embedding_384',
  create:
    'CREATE INDEX idx_document_chunks_embedding_384 ON document_chunks USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE cardinality(embedding) = 384',
};

/**
 * Drops the 384-dimension HNSW index before a fill and builds it again after, as a bulk load would: one
 * index build over every row is much faster than as many single insertions into the graph. The index is
 * the same definition as migration 0030's, so the searches measure what production has.
 */
export async function withoutHnswDuring<T>(handle: DatabaseHandle, vectors: boolean, fill: () => Promise<T>) {
  if (vectors) await handle.query(`DROP INDEX IF EXISTS ${hnsw384.name}`);
  const result = await fill();
  if (vectors) {
    const started = performance.now();
    await handle.query(`SET maintenance_work_mem = '256MB'`);
    await handle.query(hnsw384.create);
    return { result, indexSeconds: (performance.now() - started) / 1000 };
  }
  return { result, indexSeconds: 0 };
}

/**
 * Fills `count` chunks for a client in bulk, inside the database (generate_series), in batches of
 * 10,000 (documents of 100 chunks), each chunk 60 words drawn from `vocabulary` with the same Zipf-like
 * skew as the benchmark's ingested chunks, a random 384-dimension embedding when `vectors`, the lexical
 * term rows (ADR 0019) and the full-text vector, as `indexChunks` stores them. Used for the other
 * client's 99%: those rows are what the searcher's filters and indexes must skip, so they must exist
 * and be indexed, but need not go through the ingestion's JavaScript one batch at a time.
 */
export async function bulkFill(
  handle: DatabaseHandle,
  target: { clientId: string; baseId: string },
  count: number,
  options: { seed: number; vectors: boolean; vocabulary: readonly string[]; dimensions: number },
): Promise<void> {
  await handle.query('select setseed($1::float8)', [((options.seed % 1000) + 1) / 1001]);
  // Whole documents of 100 chunks: `count` is rounded up to a multiple of 100.
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    const documentsInBatch = Math.ceil(Math.min(batch, count - start) / 100);
    await handle.query(
      `insert into documents (id, client_id, knowledge_base_id, kind, title, checksum, status, progress, indexed_version)
       select gen_random_uuid(), $1::uuid, $2::uuid, 'text', 'Bulk ' || ($3::int + g), md5($2::text || ($3::int + g)) || md5(($3::int + g) || $2::text), 'ready', 100, 1
       from generate_series(1, $4::int) g`,
      [target.clientId, target.baseId, start, documentsInBatch],
    );
    await handle.query(
      `insert into document_chunks (id, client_id, knowledge_base_id, document_id, document_version, position, text,
         token_count, heading_path, page, term_count, embedding)
       select gen_random_uuid(), $1::uuid, $2::uuid, d.id, 1, p,
         (select string_agg(($3::text[])[1 + floor(array_length($3::text[], 1) * random() ^ 2.5)::int], ' ')
            from generate_series(1, 60) w where p >= 0),
         80, '{}', null, 60,
         case when $4::boolean then
           (select array_agg((random() - 0.5)::real) from generate_series(1, $5::int) v where p >= 0)
         end
       from documents d cross join generate_series(0, 99) p
       where d.knowledge_base_id = $2::uuid and d.title like 'Bulk %'
         and not exists (select 1 from document_chunks c where c.document_id = d.id)`,
      [target.clientId, target.baseId, options.vocabulary, options.vectors, options.dimensions],
    );
  }
  await handle.query(
    `insert into document_chunk_terms (client_id, knowledge_base_id, chunk_id, term, frequency)
     select c.client_id, c.knowledge_base_id, c.id, t, count(*)
     from document_chunks c, unnest(string_to_array(c.text, ' ')) t
     where c.knowledge_base_id = $1::uuid
     group by c.id, c.client_id, c.knowledge_base_id, t`,
    [target.baseId],
  );
  await handle.query(
    `update document_chunks c set search_vector = to_tsvector('simple', c.text)
     where c.knowledge_base_id = $1::uuid`,
    [target.baseId],
  );
}
