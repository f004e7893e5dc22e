-- Teams of agents (issue 14, seed 002, ADR 0027). A team stores its workflow as seed 002's JSON DSL; an
-- execution of it is a row whose steps are rows, each step a real run of its agent (`runs.execution_id`).
-- Postgres is the truth of the shared context and of every step's result: a process killed mid-execution
-- is resumed by another from these rows, without running a finished step again.
CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  workflow_definition jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id)
);
CREATE INDEX idx_teams_client ON teams(client_id, id DESC);

-- One execution of a team (seed 002 `renum_team_executions`).
--   execution_plan   the definition as it was when the execution started (later edits do not change it)
--   shared_context   `initial_prompt` and `agent_<agent id>_result` per finished step
--   last_seq         the execution's event counter: one sequence per execution
CREATE TABLE renum_team_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
  initial_prompt text NOT NULL,
  execution_plan jsonb NOT NULL,
  shared_context jsonb NOT NULL DEFAULT '{}',
  usage_metrics jsonb,
  cost_metrics jsonb,
  error text,
  last_seq bigint NOT NULL DEFAULT 0,
  cancel_requested_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  FOREIGN KEY (team_id, client_id) REFERENCES teams(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_team_executions_team ON renum_team_executions(team_id, id DESC);
CREATE INDEX idx_team_executions_client ON renum_team_executions(client_id, id DESC);

-- One step of an execution (seed 002 `renum_team_agent_executions`); `run_id` is the step's current run.
CREATE TABLE renum_team_agent_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  execution_id uuid NOT NULL,
  step_index integer NOT NULL,
  agent_id uuid NOT NULL,
  role text NOT NULL,
  run_id uuid,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'skipped', 'cancelled')),
  input text,
  result jsonb,
  individual_usage_metrics jsonb,
  individual_cost_metrics jsonb,
  attempts integer NOT NULL DEFAULT 0,
  error_code text,
  error text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (execution_id, step_index),
  FOREIGN KEY (execution_id, client_id) REFERENCES renum_team_executions(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);

-- The execution's events (`step_start`, `step_end`, status and terminal events), numbered per execution.
CREATE TABLE renum_team_execution_events (
  execution_id uuid NOT NULL,
  seq bigint NOT NULL,
  client_id uuid NOT NULL,
  run_id uuid,
  step_index integer,
  type text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (execution_id, seq),
  FOREIGN KEY (execution_id, client_id) REFERENCES renum_team_executions(id, client_id) ON DELETE CASCADE
);

-- A step's runs and ledger rows name their execution (seed 002 `execution_id`).
ALTER TABLE runs ADD COLUMN execution_id uuid;
CREATE INDEX idx_runs_execution ON runs(execution_id) WHERE execution_id IS NOT NULL;
ALTER TABLE renum_ai_usage_logs ADD COLUMN execution_id uuid;
CREATE INDEX idx_usage_logs_execution ON renum_ai_usage_logs(execution_id) WHERE execution_id IS NOT NULL;

CREATE TRIGGER teams_touch BEFORE UPDATE ON teams FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER renum_team_executions_touch BEFORE UPDATE ON renum_team_executions
  FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER renum_team_agent_executions_touch BEFORE UPDATE ON renum_team_agent_executions
  FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['teams', 'renum_team_executions', 'renum_team_agent_executions',
                           'renum_team_execution_events'] LOOP
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
