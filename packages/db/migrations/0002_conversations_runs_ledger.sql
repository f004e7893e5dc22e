-- Agent runtime (issue 3): contacts, conversations, messages, runs, run events, usage ledger,
-- long-term memories and prompt templates. Same isolation rules as 0001: every row carries
-- client_id, RLS is forced, composite foreign keys prove a child row's client matches its parent's.

ALTER TABLE agents ADD COLUMN prompt_template_version_id uuid;
ALTER TABLE agents ADD COLUMN fallback_models text[] NOT NULL DEFAULT '{}';
ALTER TABLE agents ADD COLUMN max_steps integer NOT NULL DEFAULT 8 CHECK (max_steps BETWEEN 1 AND 50);

-- The end person a conversation is with (WhatsApp number, web visitor, API caller's user).
CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  external_id text,
  name text,
  phone text,
  email text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  UNIQUE (client_id, external_id)
);

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  contact_id uuid,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  channel text NOT NULL DEFAULT 'web' CHECK (channel IN ('whatsapp', 'web', 'sms', 'email', 'api')),
  title text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),
  -- Rolling summary of the turns older than the history budget, and the last message it covers.
  summary text,
  summary_through_message_id uuid,
  -- Last event sequence number handed out in this conversation (events are numbered per conversation).
  last_seq bigint NOT NULL DEFAULT 0,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id, client_id) REFERENCES contacts(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_conversations_client ON conversations(client_id, id DESC);
CREATE INDEX idx_conversations_agent ON conversations(agent_id, id DESC);
CREATE INDEX idx_conversations_contact ON conversations(contact_id);

CREATE TABLE runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  conversation_id uuid,
  agent_id uuid NOT NULL,
  sub_agent_id uuid REFERENCES sub_agents(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed', 'stopped')),
  executor text NOT NULL DEFAULT 'builtin',
  model text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  routing_error text,
  -- Lease of the process executing the run; an expired lease means the process died.
  lease_owner text,
  lease_expires_at timestamptz,
  tokens_input integer NOT NULL DEFAULT 0,
  tokens_output integer NOT NULL DEFAULT 0,
  cost_usd numeric(18, 8) NOT NULL DEFAULT 0,
  queued_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  first_token_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  FOREIGN KEY (conversation_id, client_id) REFERENCES conversations(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_runs_client ON runs(client_id, id DESC);
CREATE INDEX idx_runs_conversation ON runs(conversation_id, id DESC);
CREATE INDEX idx_runs_active ON runs(status, lease_expires_at) WHERE status IN ('queued', 'running');

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  run_id uuid,
  role text NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  -- AI SDK-style content parts: text, tool-call, tool-result.
  content jsonb NOT NULL DEFAULT '[]',
  text text NOT NULL DEFAULT '',
  sub_agent_id uuid REFERENCES sub_agents(id) ON DELETE SET NULL,
  tokens_input integer NOT NULL DEFAULT 0,
  tokens_output integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (conversation_id, client_id) REFERENCES conversations(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (run_id, client_id) REFERENCES runs(id, client_id) ON DELETE SET NULL (run_id)
);
CREATE INDEX idx_messages_conversation ON messages(conversation_id, id);

-- Append-only event log; seq is per stream (the conversation, or the run when it has none).
CREATE TABLE run_events (
  stream_id uuid NOT NULL,
  seq bigint NOT NULL,
  client_id uuid NOT NULL,
  run_id uuid NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, seq),
  FOREIGN KEY (run_id, client_id) REFERENCES runs(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_run_events_run ON run_events(run_id, seq);

-- Seed 002's renum_ai_usage_logs: one row per model call or tool call, priced.
CREATE TABLE renum_ai_usage_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  agent_id uuid,
  sub_agent_id uuid,
  run_id uuid,
  conversation_id uuid,
  kind text NOT NULL DEFAULT 'model' CHECK (kind IN ('model', 'tool')),
  model_provider text,
  model_name text,
  tool_name text,
  api_key_type text NOT NULL DEFAULT 'platform' CHECK (api_key_type IN ('platform', 'client')),
  tokens_input integer NOT NULL DEFAULT 0,
  tokens_output integer NOT NULL DEFAULT 0,
  units numeric(18, 6) NOT NULL DEFAULT 0,
  cost_usd numeric(18, 8) NOT NULL DEFAULT 0,
  price_version text,
  latency_ms integer,
  request_data jsonb,
  response_data jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_usage_client_time ON renum_ai_usage_logs(client_id, created_at);
CREATE INDEX idx_usage_run ON renum_ai_usage_logs(run_id);

-- Long-term facts about a contact, scoped to client and agent (seed 004 #1).
CREATE TABLE memories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  content text NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
  source_conversation_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (contact_id, client_id) REFERENCES contacts(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_memories_contact ON memories(contact_id, agent_id);

-- Reusable prompt templates with immutable versions (seed 004 #7).
CREATE TABLE prompt_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  latest_version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  UNIQUE (client_id, name)
);

CREATE TABLE prompt_template_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  template_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  body text NOT NULL,
  variables text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (template_id, version),
  UNIQUE (id, client_id),
  FOREIGN KEY (template_id, client_id) REFERENCES prompt_templates(id, client_id) ON DELETE CASCADE
);

ALTER TABLE agents ADD FOREIGN KEY (prompt_template_version_id, client_id)
  REFERENCES prompt_template_versions(id, client_id) ON DELETE SET NULL (prompt_template_version_id);

CREATE TRIGGER contacts_touch BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER conversations_touch BEFORE UPDATE ON conversations FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER runs_touch BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER prompt_templates_touch BEFORE UPDATE ON prompt_templates FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contacts', 'conversations', 'runs', 'messages', 'run_events', 'renum_ai_usage_logs',
                           'memories', 'prompt_templates', 'prompt_template_versions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO renum_app USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client())',
      t || '_client', t);
    EXECUTE format('CREATE POLICY %I ON %I TO renum_platform USING (true) WITH CHECK (true)', t || '_platform', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO renum_app, renum_platform', t);
  END LOOP;
END
$$;

-- The event log and the ledger are append-only for the application.
REVOKE UPDATE, DELETE ON run_events, renum_ai_usage_logs FROM renum_app;
-- Erasure of a contact (LGPD/GDPR) cascades through conversations; run events go with their runs.
