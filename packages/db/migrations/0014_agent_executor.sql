-- The executor is chosen per agent (issue 9): `builtin` (the AI SDK tool loop in a worker) for every agent
-- until another executor exists (Suna, issue 13). Runs copy it when they are created (`runs.executor`).
ALTER TABLE agents ADD COLUMN executor text NOT NULL DEFAULT 'builtin'
  CHECK (executor ~ '^[a-z][a-z0-9_-]{0,31}$');
