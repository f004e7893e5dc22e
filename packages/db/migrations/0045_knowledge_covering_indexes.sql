-- Retrieval at 100k chunks (issue 10, ADR 0064): the BM25 statement reads a searched base's live chunks
-- (id, document, version, length) and its query terms' rows (chunk, frequency); each row it reads goes
-- through row-level security's `client_id` check. These two indexes carry every column the statement and
-- that check read, so both are index-only scans: no heap page of the other clients' 99% (or of the
-- searcher's own rows) is visited where the visibility map says the page is all-visible. They replace the
-- two plain indexes with the same leading columns, which every other use of those keys reads just as well.
CREATE INDEX idx_document_chunk_terms_covering
  ON document_chunk_terms (knowledge_base_id, term) INCLUDE (chunk_id, frequency, client_id);
DROP INDEX idx_document_chunk_terms_lookup;

CREATE INDEX idx_document_chunks_live
  ON document_chunks (knowledge_base_id) INCLUDE (id, document_id, document_version, term_count, client_id);
DROP INDEX idx_document_chunks_knowledge_base;

-- Index-only scans skip the heap only on pages the visibility map marks all-visible, which a vacuum does.
-- Both tables only grow between re-ingestions; by default autovacuum visits an insert-only table after
-- inserts of 20% of its size (1.2 million term rows at 100k chunks), so a new document's rows would be
-- read from the heap for a long time. At 1% the map follows ingestion closely.
ALTER TABLE document_chunk_terms SET (autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE document_chunks SET (autovacuum_vacuum_insert_scale_factor = 0.01);
