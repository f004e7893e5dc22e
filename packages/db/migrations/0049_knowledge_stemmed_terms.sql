-- Stemmed lexical terms (ADR 0072): a knowledge base's chunks are indexed by the Snowball stems of their
-- words in the base's language, so `models` meets `model`. Bases indexed before keep their whole words
-- (`words`) until a `knowledge.reindex-terms` job rewrites their term rows from the stored chunk texts and
-- flips them to `stems` in the same transaction; searches read each base's analyzer, so a base is never
-- searched with terms its index does not hold. New bases start at `stems`.
ALTER TABLE knowledge_bases
  ADD COLUMN lexical_analyzer text NOT NULL DEFAULT 'words' CHECK (lexical_analyzer IN ('words', 'stems'));
ALTER TABLE knowledge_bases ALTER COLUMN lexical_analyzer SET DEFAULT 'stems';

-- Seen through the platform role (RLS is forced), as migration 0043 does. A `simple` base has no stemmer:
-- its terms are the same either way. Every other base gets its re-index job in this commit (the
-- transactional outbox: BullMQ's relay moves it on), once (the idempotency key).
SET LOCAL ROLE renum_platform;
UPDATE knowledge_bases SET lexical_analyzer = 'stems' WHERE language = 'simple';
SELECT renum_enqueue_job(
  gen_random_uuid(), 'knowledge', 'knowledge.reindex-terms', 1,
  jsonb_build_object('client_id', client_id, 'knowledge_base_id', id), client_id,
  0, 5, now(), 'knowledge.reindex-terms:' || id::text, now()
) FROM knowledge_bases WHERE lexical_analyzer = 'words';
RESET ROLE;
