-- The origins allowed to embed an agent's widget (issue 12, ADR 0046): a column, so the public chat
-- routes check a request's Origin with one indexed read by slug, and the agent editor changes it with
-- PATCH /v1/agents/{id}. Filled from what the wizard's step 4 stored in config until now.
ALTER TABLE agents ADD COLUMN allowed_origins text[] NOT NULL DEFAULT '{}';
UPDATE agents
SET allowed_origins = ARRAY(SELECT jsonb_array_elements_text(config -> 'step_4_data' -> 'allowed_origins'))
WHERE jsonb_typeof(config -> 'step_4_data' -> 'allowed_origins') = 'array';
