-- Issue 10, ADR 0054: an optional rerank step per knowledge base. reranker_model is `provider/model` of a
-- reranker reached through the model registry (an OpenAI-compatible endpoint's `/rerank`, the
-- Cohere/Jina wire format), or null: the base ranks by fusion, feedback prior and MMR alone. Each rerank
-- call is a usage-ledger row of kind 'rerank', with the knowledge base it served.
ALTER TABLE knowledge_bases ADD COLUMN reranker_model text
  CHECK (reranker_model IS NULL OR length(reranker_model) BETWEEN 3 AND 200);

ALTER TABLE renum_ai_usage_logs DROP CONSTRAINT IF EXISTS renum_ai_usage_logs_kind_check;
ALTER TABLE renum_ai_usage_logs ADD CONSTRAINT renum_ai_usage_logs_kind_check
  CHECK (kind IN ('model', 'tool', 'embedding', 'rerank'));
