-- Human approval of critical actions (issue 15, seed 004 #2). A call of a tool the agent marks critical,
-- or one an approval policy flags, is stored as a pending request instead of running; a person (or the
-- deadline) decides, and a worker carries the decision out once (`execution_status`) and tells the model.
CREATE TABLE approval_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  -- Null: every agent of the client.
  agent_id uuid,
  tool text NOT NULL CHECK (length(tool) BETWEEN 1 AND 100),
  always boolean NOT NULL DEFAULT false,
  rules jsonb NOT NULL DEFAULT '[]',
  approver_roles text[] NOT NULL DEFAULT '{owner,admin}',
  approver_user_ids uuid[] NOT NULL DEFAULT '{}',
  timeout_seconds integer NOT NULL DEFAULT 86400 CHECK (timeout_seconds BETWEEN 60 AND 2592000),
  default_outcome text NOT NULL DEFAULT 'reject' CHECK (default_outcome IN ('approve', 'reject')),
  escalation_roles text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
-- One policy per agent (or client-wide) and tool; Postgres 15 lacks NULLS NOT DISTINCT, hence coalesce.
CREATE UNIQUE INDEX uq_approval_policies_tool
  ON approval_policies(client_id, coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid), tool);

CREATE TABLE approval_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  agent_id uuid NOT NULL,
  run_id uuid NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  tool text NOT NULL,
  tool_call_id text NOT NULL,
  -- The call's own arguments, run as they are when approved without edits; shown masked.
  arguments jsonb NOT NULL,
  masked_arguments jsonb NOT NULL,
  warnings jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  approver_roles text[] NOT NULL,
  approver_user_ids uuid[] NOT NULL DEFAULT '{}',
  escalation_roles text[] NOT NULL DEFAULT '{}',
  timeout_seconds integer NOT NULL,
  deadline_at timestamptz NOT NULL,
  default_outcome text NOT NULL CHECK (default_outcome IN ('approve', 'reject')),
  escalated_at timestamptz,
  decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
  decided_via text CHECK (decided_via IN ('web', 'api', 'whatsapp', 'deadline')),
  decided_at timestamptz,
  decision_reason text,
  edited_arguments jsonb,
  execution_status text CHECK (execution_status IN ('executing', 'executed', 'failed')),
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, tool_call_id),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX idx_approval_requests_client ON approval_requests(client_id, id DESC);
CREATE INDEX idx_approval_requests_pending ON approval_requests(client_id, deadline_at) WHERE status = 'pending';

CREATE TRIGGER approval_policies_touch BEFORE UPDATE ON approval_policies FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER approval_requests_touch BEFORE UPDATE ON approval_requests FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['approval_policies', 'approval_requests'] LOOP
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
-- Requests are the audit trail of decisions: the application never deletes one (runs cascade).
REVOKE DELETE ON approval_requests FROM renum_app;
