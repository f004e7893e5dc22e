-- Scheduled jobs (issue 15, seed 004 #4): a client's agent runs, or a built-in job, at set times in the
-- client's time zone. A schedule is a cron expression (5 or 6 fields) or an interval. `next_fire_at` is the
-- next tick still to hand over (null while paused): the dispatcher locks due rows with SKIP LOCKED, enqueues
-- each tick as a job keyed `schedule:<id>:<tick>` and moves `next_fire_at` on in the same transaction, so two
-- processes never hand over one tick twice. An execution row per tick (unique on schedule and tick) is the
-- handler's own guard and the schedule's history.
CREATE TABLE schedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  cron text CHECK (length(cron) BETWEEN 9 AND 200),
  interval_seconds integer CHECK (interval_seconds BETWEEN 60 AND 31536000),
  timezone text NOT NULL DEFAULT 'UTC',
  -- What a tick does: { "type": "agent", "agent_id", "prompt", "contact"? } or { "type": "builtin", "job" }.
  target jsonb NOT NULL,
  agent_id uuid,
  enabled boolean NOT NULL DEFAULT true,
  missed_policy text NOT NULL DEFAULT 'run_once' CHECK (missed_policy IN ('run_once', 'skip')),
  overlap_policy text NOT NULL DEFAULT 'skip' CHECK (overlap_policy IN ('skip', 'allow')),
  -- Interval ticks fall on anchor_at + k * interval_seconds.
  anchor_at timestamptz NOT NULL DEFAULT now(),
  next_fire_at timestamptz,
  last_fired_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((cron IS NULL) <> (interval_seconds IS NULL)),
  UNIQUE (id, client_id),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_schedules_due ON schedules(next_fire_at) WHERE enabled AND next_fire_at IS NOT NULL;
CREATE INDEX idx_schedules_client ON schedules(client_id, id DESC);

CREATE TABLE schedule_executions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  tick_at timestamptz NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('tick', 'manual')),
  -- started: its run was created; skipped: overlap policy; failed: the run could not start (reason says why).
  status text NOT NULL CHECK (status IN ('started', 'skipped', 'failed')),
  reason text,
  run_id uuid REFERENCES runs(id) ON DELETE SET NULL,
  conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (schedule_id, tick_at),
  FOREIGN KEY (schedule_id, client_id) REFERENCES schedules(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_schedule_executions_schedule ON schedule_executions(schedule_id, id DESC);

CREATE TRIGGER schedules_touch BEFORE UPDATE ON schedules FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['schedules', 'schedule_executions'] LOOP
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
