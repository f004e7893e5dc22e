-- Knowledge bases, vector half and metering (issue 10, ADR 0037 and 0038).
--
-- Embeddings stay in document_chunks.embedding (real[], migration 0015), a type every Postgres has. Where
-- the database offers pgvector (PGlite always, Supabase and most hosted Postgres), the extension is
-- created and each common embedding size gets a partial HNSW index (cosine) over the cast of that column:
-- retrieval orders by the same expression, so the planner uses the index of the query's size. A size
-- without an index is still searched, exactly. Where pgvector is absent (this machine's Postgres 15),
-- nothing of it exists and knowledge bases are lexical-only; creating one with an embedding model is
-- refused with a readable error (packages/platform knowledge/vector-support.ts).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    -- vector's HNSW takes at most 2000 dimensions; the 3072 of text-embedding-3-large go as halfvec.
    EXECUTE 'CREATE INDEX idx_document_chunks_embedding_384 ON document_chunks USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE cardinality(embedding) = 384';
    EXECUTE 'CREATE INDEX idx_document_chunks_embedding_768 ON document_chunks USING hnsw ((embedding::vector(768)) vector_cosine_ops) WHERE cardinality(embedding) = 768';
    EXECUTE 'CREATE INDEX idx_document_chunks_embedding_1024 ON document_chunks USING hnsw ((embedding::vector(1024)) vector_cosine_ops) WHERE cardinality(embedding) = 1024';
    EXECUTE 'CREATE INDEX idx_document_chunks_embedding_1536 ON document_chunks USING hnsw ((embedding::vector(1536)) vector_cosine_ops) WHERE cardinality(embedding) = 1536';
    EXECUTE 'CREATE INDEX idx_document_chunks_embedding_3072 ON document_chunks USING hnsw ((embedding::halfvec(3072)) halfvec_cosine_ops) WHERE cardinality(embedding) = 3072';
  END IF;
END
$$;

-- Ingestion's own spend in the usage ledger: embedding calls (kind 'embedding') beside model and tool calls;
-- a web page fetched for a knowledge base is a tool call ('knowledge.fetch_url' or 'firecrawl.scrape').
ALTER TABLE renum_ai_usage_logs DROP CONSTRAINT IF EXISTS renum_ai_usage_logs_kind_check;
ALTER TABLE renum_ai_usage_logs ADD CONSTRAINT renum_ai_usage_logs_kind_check
  CHECK (kind IN ('model', 'tool', 'embedding'));
ALTER TABLE renum_ai_usage_logs ADD COLUMN knowledge_base_id uuid;
ALTER TABLE renum_ai_usage_logs ADD COLUMN document_id uuid;
CREATE INDEX idx_usage_logs_knowledge_base ON renum_ai_usage_logs(knowledge_base_id, created_at)
  WHERE knowledge_base_id IS NOT NULL;
