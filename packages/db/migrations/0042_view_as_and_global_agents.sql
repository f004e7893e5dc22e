-- Admin console (issue 16, ADR 0040): "view as" support sessions and global agents.
--
-- view_as_sessions: a platform admin's audited, read-only, time-limited look at one client. The access
-- token it hands out names the row (`sid`); every request checks the row is neither ended nor expired,
-- so ending or expiry takes effect at once. Written only in platform scope; the client's role may read
-- its own client's rows (the owner sees who looked, why and until when; the audit log says it too).
CREATE TABLE view_as_sessions (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  -- The admin; no cascade from users: a removed person's sessions stay as history.
  admin_user_id uuid NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  started_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL CHECK (expires_at > started_at),
  ended_at timestamptz
);
CREATE INDEX idx_view_as_sessions_client ON view_as_sessions(client_id, started_at DESC);

ALTER TABLE view_as_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE view_as_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY view_as_sessions_client ON view_as_sessions FOR SELECT TO renum_app
  USING (client_id = renum_current_client());
CREATE POLICY view_as_sessions_platform ON view_as_sessions TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY view_as_sessions_scope_role ON view_as_sessions AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT ON view_as_sessions TO renum_app;
GRANT SELECT, INSERT, UPDATE ON view_as_sessions TO renum_platform;

-- global_agents: agents the platform offers every client (seed 000 "agentes globais"). Owned by the
-- platform (no client_id); every client reads the ones not retired and copies one into its own agents
-- (or its prompt into its own prompt templates). Only the platform role writes them.
CREATE TABLE global_agents (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  category text,
  model text NOT NULL,
  system_prompt text NOT NULL,
  tools jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(tools) = 'array'),
  -- Retired agents stay for history (copies made from them keep working) but are offered no more.
  retired_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER global_agents_touch BEFORE UPDATE ON global_agents FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

ALTER TABLE global_agents ENABLE ROW LEVEL SECURITY;
ALTER TABLE global_agents FORCE ROW LEVEL SECURITY;
CREATE POLICY global_agents_read ON global_agents FOR SELECT TO renum_app USING (retired_at IS NULL);
CREATE POLICY global_agents_platform ON global_agents TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY global_agents_scope_role ON global_agents AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT ON global_agents TO renum_app;
GRANT SELECT, INSERT, UPDATE ON global_agents TO renum_platform;
