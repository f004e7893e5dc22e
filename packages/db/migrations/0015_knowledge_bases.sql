-- Knowledge bases (issue 10, seed 000 "Módulo RAG"): a client's own documents, cut into chunks that its
-- agents retrieve from. Every row carries client_id under row-level security like the other client tables;
-- children reference their parent by (id, client_id), so no row can point into another client's data.

CREATE TABLE knowledge_bases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 2000),
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Language of the lexical index: its stop words (packages/rag lexical-terms.ts).
  language text NOT NULL DEFAULT 'portuguese' CHECK (language IN ('portuguese', 'english', 'simple')),
  -- `provider/model` of the embeddings, or null: lexical search only.
  embedding_model text CHECK (length(embedding_model) BETWEEN 3 AND 200),
  chunk_target_tokens integer NOT NULL DEFAULT 350 CHECK (chunk_target_tokens BETWEEN 50 AND 4000),
  chunk_overlap_tokens integer NOT NULL DEFAULT 40 CHECK (chunk_overlap_tokens BETWEEN 0 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  UNIQUE (client_id, name)
);

-- One source of a knowledge base: an uploaded file, a web page or a text. Its bytes are kept (`content`)
-- so that ingestion, a durable job, can start again from them in any process.
CREATE TABLE documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  knowledge_base_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('file', 'url', 'text')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  file_name text CHECK (length(file_name) <= 300),
  source_url text CHECK (length(source_url) <= 2048),
  -- As sniffed from the content, never as declared.
  mime_type text,
  size_bytes integer NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
  -- sha256 of the content (for a URL not fetched yet, of the URL): an identical upload finds this row.
  checksum text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
  content bytea,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
  error text CHECK (length(error) <= 2000),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  chunks_done integer NOT NULL DEFAULT 0 CHECK (chunks_done >= 0),
  chunks_total integer CHECK (chunks_total >= 0),
  -- Bumped by a replacement or re-ingestion; chunks of `indexed_version` are the ones searched.
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  indexed_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  indexed_at timestamptz,
  UNIQUE (id, client_id),
  UNIQUE (knowledge_base_id, checksum),
  FOREIGN KEY (knowledge_base_id, client_id) REFERENCES knowledge_bases(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_documents_knowledge_base ON documents(knowledge_base_id, created_at);

-- The passages retrieval returns and answers cite. (document_id, document_version, position) is unique, so
-- a resumed ingestion inserts each chunk once.
CREATE TABLE document_chunks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  knowledge_base_id uuid NOT NULL,
  document_id uuid NOT NULL,
  document_version integer NOT NULL,
  position integer NOT NULL CHECK (position >= 0),
  text text NOT NULL,
  token_count integer NOT NULL CHECK (token_count >= 0),
  heading_path text[] NOT NULL DEFAULT '{}',
  page integer,
  -- Terms in the lexical index (BM25 length normalisation).
  term_count integer NOT NULL DEFAULT 0 CHECK (term_count >= 0),
  -- Postgres full-text vector in the knowledge base's language.
  search_vector tsvector,
  -- The embedding (null in a lexical-only knowledge base).
  embedding real[],
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  UNIQUE (document_id, document_version, position),
  FOREIGN KEY (document_id, client_id) REFERENCES documents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (knowledge_base_id, client_id) REFERENCES knowledge_bases(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_document_chunks_knowledge_base ON document_chunks(knowledge_base_id);
CREATE INDEX idx_document_chunks_search_vector ON document_chunks USING gin(search_vector);

-- The lexical index: term frequencies per chunk, from which BM25 is scored in SQL (ADR 0019).
CREATE TABLE document_chunk_terms (
  client_id uuid NOT NULL,
  knowledge_base_id uuid NOT NULL,
  chunk_id uuid NOT NULL,
  term text NOT NULL CHECK (length(term) BETWEEN 1 AND 64),
  frequency integer NOT NULL CHECK (frequency > 0),
  PRIMARY KEY (chunk_id, term),
  FOREIGN KEY (chunk_id, client_id) REFERENCES document_chunks(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_document_chunk_terms_lookup ON document_chunk_terms(knowledge_base_id, term);

-- Sub-agents and messages are referenced by (id, client_id) from here on.
ALTER TABLE sub_agents ADD CONSTRAINT sub_agents_id_client_id_key UNIQUE (id, client_id);
ALTER TABLE messages ADD CONSTRAINT messages_id_client_id_key UNIQUE (id, client_id);

-- Knowledge bases an agent answers from; with a sub-agent, that sub-agent's own.
CREATE TABLE agent_knowledge_bases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  sub_agent_id uuid,
  knowledge_base_id uuid NOT NULL,
  top_k integer NOT NULL DEFAULT 5 CHECK (top_k BETWEEN 1 AND 50),
  min_score real NOT NULL DEFAULT 0 CHECK (min_score >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (sub_agent_id, client_id) REFERENCES sub_agents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (knowledge_base_id, client_id) REFERENCES knowledge_bases(id, client_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_agent_knowledge_bases_unique
  ON agent_knowledge_bases(agent_id, coalesce(sub_agent_id, '00000000-0000-0000-0000-000000000000'::uuid), knowledge_base_id);

-- Sources an assistant answer was given (numbered as in its prompt): [{n, chunk_id, document_id, title, ...}].
ALTER TABLE messages ADD COLUMN citations jsonb;

-- Seed flow 3: thumbs up or down on an assistant answer, with the chunks that answer used.
CREATE TABLE message_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  message_id uuid NOT NULL,
  rating text NOT NULL CHECK (rating IN ('up', 'down')),
  comment text CHECK (length(comment) <= 2000),
  chunk_ids uuid[] NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id),
  FOREIGN KEY (message_id, client_id) REFERENCES messages(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_message_feedback_chunks ON message_feedback USING gin(chunk_ids);

-- What retrieval returned, per query: the usage view (queries per base, hits per document).
CREATE TABLE knowledge_retrievals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  knowledge_base_ids uuid[] NOT NULL,
  run_id uuid,
  query text NOT NULL,
  chunk_ids uuid[] NOT NULL DEFAULT '{}',
  document_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_knowledge_retrievals_client_time ON knowledge_retrievals(client_id, created_at);

CREATE TRIGGER knowledge_bases_touch BEFORE UPDATE ON knowledge_bases FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER documents_touch BEFORE UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER message_feedback_touch BEFORE UPDATE ON message_feedback FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['knowledge_bases', 'documents', 'document_chunks', 'document_chunk_terms',
                           'agent_knowledge_bases', 'message_feedback', 'knowledge_retrievals'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO renum_app USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client())',
      t || '_client', t);
    EXECUTE format('CREATE POLICY %I ON %I TO renum_platform USING (true) WITH CHECK (true)', t || '_platform', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE TO PUBLIC'
      ' USING ((SELECT current_user IN (''renum_app'', ''renum_platform'')))'
      ' WITH CHECK ((SELECT current_user IN (''renum_app'', ''renum_platform'')))',
      t || '_scope_role', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO renum_app, renum_platform', t);
  END LOOP;
END
$$;

-- The usage log is append-only for the application.
REVOKE UPDATE, DELETE ON knowledge_retrievals FROM renum_app;
