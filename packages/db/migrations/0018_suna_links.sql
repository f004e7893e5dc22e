-- Suna as an external executor (issue 13): what the platform remembers of its Suna records, per client.
-- suna_threads: the Suna thread of a conversation, so follow-up turns continue it (Suna keeps the history).
-- suna_agents: the Suna agent of an agent or of one of its sub-agents (the answerer routing picked),
-- created on the answerer's first Suna run and updated before each one.
-- Both go with their conversation or agent (foreign keys with the client, ON DELETE CASCADE).

CREATE TABLE suna_threads (
  conversation_id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  thread_id text NOT NULL CHECK (length(thread_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (conversation_id, client_id) REFERENCES conversations(id, client_id) ON DELETE CASCADE
);

CREATE TABLE suna_agents (
  -- The agent's id, or the sub-agent's when a sub-agent answers.
  answerer_id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  agent_id uuid NOT NULL,
  suna_agent_id text NOT NULL CHECK (length(suna_agent_id) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_suna_agents_agent ON suna_agents(agent_id);

ALTER TABLE suna_threads ENABLE ROW LEVEL SECURITY;
ALTER TABLE suna_threads FORCE ROW LEVEL SECURITY;
CREATE POLICY suna_threads_client ON suna_threads TO renum_app
  USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client());
CREATE POLICY suna_threads_platform ON suna_threads TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY suna_threads_scope_role ON suna_threads AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));

ALTER TABLE suna_agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE suna_agents FORCE ROW LEVEL SECURITY;
CREATE POLICY suna_agents_client ON suna_agents TO renum_app
  USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client());
CREATE POLICY suna_agents_platform ON suna_agents TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY suna_agents_scope_role ON suna_agents AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));

GRANT SELECT, INSERT, UPDATE, DELETE ON suna_threads, suna_agents TO renum_app, renum_platform;
