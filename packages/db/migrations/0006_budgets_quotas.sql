-- Budgets, quotas and plans (issue 4): named plans with a monthly budget and limits, per-client
-- overrides, a per-client monthly spend counter kept by the ledger itself, and notifications
-- (budget alerts at 80% and 100%, once per threshold per month).

-- Time-ordered UUIDs (version 7) for rows created by SQL rather than by the application, so
-- cursor pagination by id stays in creation order. Postgres 18 has uuidv7(); 15 to 17 do not.
CREATE FUNCTION renum_uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(
      set_bit(
        overlay(uuid_send(gen_random_uuid())
                placing substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                FROM 1 FOR 6),
        52, 1),
      53, 1),
    'hex')::uuid
$$;

-- A plan's limits; NULL means no limit. Platform data, not owned by a client.
CREATE TABLE plans (
  name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 50),
  description text NOT NULL DEFAULT '',
  monthly_budget_usd numeric(18, 8) CHECK (monthly_budget_usd >= 0),
  requests_per_minute integer CHECK (requests_per_minute >= 1),
  max_concurrent_runs integer CHECK (max_concurrent_runs >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO plans (name, description, monthly_budget_usd, requests_per_minute, max_concurrent_runs) VALUES
  ('free', 'Trying Renum out', 5, 20, 2),
  ('pro', 'A company with agents in production', 200, 600, 20),
  ('enterprise', 'No budget stop; high rate limits', NULL, 3000, 200),
  ('unlimited', 'No budget and no limits (the default until a plan is assigned)', NULL, NULL, NULL),
  ('demo', 'The demo client seeded on first start', NULL, NULL, NULL);

-- A client's own values over its plan's; NULL means "the plan's value".
CREATE TABLE client_limits (
  client_id uuid PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
  monthly_budget_usd numeric(18, 8) CHECK (monthly_budget_usd >= 0),
  requests_per_minute integer CHECK (requests_per_minute >= 1),
  max_concurrent_runs integer CHECK (max_concurrent_runs >= 1),
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What each client spent per calendar month (UTC), bumped by the ledger trigger below in the
-- statement that writes the ledger rows, so admission reads one row instead of summing the ledger.
CREATE TABLE client_monthly_spend (
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  spent_usd numeric(18, 8) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, month)
);

-- Messages to a client's team. dedup_key makes an alert idempotent: one row per client, kind and
-- key (the month, for budget alerts), whatever the concurrency.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT renum_uuid_v7(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  dedup_key text,
  payload jsonb NOT NULL DEFAULT '{}',
  read_at timestamptz,
  read_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX uq_notifications_dedup ON notifications(client_id, kind, dedup_key) WHERE dedup_key IS NOT NULL;
CREATE INDEX idx_notifications_client ON notifications(client_id, id DESC);

-- Admission counts a client's unfinished runs; the existing partial index leads with status.
CREATE INDEX idx_runs_client_active ON runs(client_id) WHERE status IN ('queued', 'running');

CREATE TRIGGER plans_touch BEFORE UPDATE ON plans FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER client_limits_touch BEFORE UPDATE ON client_limits FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

-- A client's effective limits: its overrides over its plan's. Invoker's rights: under renum_app
-- only the current client's row is visible.
CREATE FUNCTION renum_effective_limits(p_client uuid)
RETURNS TABLE (plan text, monthly_budget_usd numeric, requests_per_minute integer, max_concurrent_runs integer)
LANGUAGE sql STABLE AS $$
  SELECT c.plan,
         coalesce(l.monthly_budget_usd, p.monthly_budget_usd),
         coalesce(l.requests_per_minute, p.requests_per_minute),
         coalesce(l.max_concurrent_runs, p.max_concurrent_runs)
  FROM clients c
  JOIN plans p ON p.name = c.plan
  LEFT JOIN client_limits l ON l.client_id = c.id
  WHERE c.id = p_client
$$;

-- Stores the budget alerts a month's spend has reached (80%: budget.warning, 100%:
-- budget.exceeded). Reaching, not crossing: a lowered budget alerts on the next write, and the
-- unique dedup key keeps each alert to one row even when concurrent writers both reach it.
CREATE FUNCTION renum_budget_alerts(p_client uuid, p_month date, p_spent numeric) RETURNS void
LANGUAGE sql VOLATILE AS $$
  INSERT INTO notifications (client_id, kind, dedup_key, payload)
  SELECT p_client, t.kind, to_char(p_month, 'YYYY-MM'),
         jsonb_build_object(
           'month', to_char(p_month, 'YYYY-MM'),
           'threshold_percent', t.percent,
           'budget_usd', l.monthly_budget_usd,
           'spent_usd', p_spent,
           'plan', l.plan,
           'message', t.message)
  FROM renum_effective_limits(p_client) l
  CROSS JOIN (VALUES
    ('budget.warning', 80, '80% of this month''s budget is spent'),
    ('budget.exceeded', 100, 'This month''s budget is spent: new runs are refused until next month or a higher budget')
  ) AS t(kind, percent, message)
  WHERE l.monthly_budget_usd IS NOT NULL AND p_spent >= l.monthly_budget_usd * t.percent / 100
  ON CONFLICT (client_id, kind, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
$$;

-- Bumps the spend counters by the cost of the ledger rows one statement inserted (one upsert per
-- client and month, in a fixed order so concurrent batches cannot deadlock), then stores the
-- alerts the new totals reach. Runs inside the writer's statement: no extra round trip, and the
-- counter commits or rolls back with the ledger rows.
CREATE FUNCTION renum_meter_spend() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  bumped record;
BEGIN
  FOR bumped IN
    INSERT INTO client_monthly_spend AS s (client_id, month, spent_usd)
    SELECT client_id, (date_trunc('month', created_at AT TIME ZONE 'UTC'))::date, sum(cost_usd)
    FROM added
    GROUP BY 1, 2
    HAVING sum(cost_usd) > 0
    ORDER BY 1, 2
    ON CONFLICT (client_id, month) DO UPDATE
      SET spent_usd = s.spent_usd + EXCLUDED.spent_usd, updated_at = now()
    RETURNING s.client_id, s.month, s.spent_usd
  LOOP
    PERFORM renum_budget_alerts(bumped.client_id, bumped.month, bumped.spent_usd);
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER renum_ai_usage_logs_meter AFTER INSERT ON renum_ai_usage_logs
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION renum_meter_spend();

-- Everything a new run's admission needs, in one call: effective limits, this month's spend and,
-- when the client has a concurrency limit, its unfinished runs. Counting those takes a per-client
-- transaction lock first, so two simultaneous sends cannot both take the last slot; the lock lasts
-- until the sending transaction commits its run row. Clients without that limit never wait on it.
-- plpgsql and VOLATILE: under READ COMMITTED the count after the lock sees runs committed while
-- this transaction waited.
CREATE FUNCTION renum_run_admission(p_client uuid, p_month date, p_count_runs boolean)
RETURNS TABLE (
  plan text,
  monthly_budget_usd text,
  requests_per_minute integer,
  max_concurrent_runs integer,
  spent_usd text,
  budget_exceeded boolean,
  active_runs integer
)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  budget numeric;
  spent numeric;
BEGIN
  SELECT l.plan, l.monthly_budget_usd, l.requests_per_minute, l.max_concurrent_runs
    INTO plan, budget, requests_per_minute, max_concurrent_runs
    FROM renum_effective_limits(p_client) l;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT coalesce((SELECT s.spent_usd FROM client_monthly_spend s
                   WHERE s.client_id = p_client AND s.month = p_month), 0)
    INTO spent;
  monthly_budget_usd := budget::text;
  spent_usd := spent::text;
  budget_exceeded := budget IS NOT NULL AND spent >= budget;
  active_runs := NULL;
  IF p_count_runs AND max_concurrent_runs IS NOT NULL AND NOT budget_exceeded THEN
    PERFORM pg_advisory_xact_lock(727003, hashtext(p_client::text));
    SELECT count(*)::integer INTO active_runs FROM runs r
      WHERE r.client_id = p_client AND r.status IN ('queued', 'running');
  END IF;
  RETURN NEXT;
END
$$;

-- Row-level security like the other tables. Plans are platform data every client may read.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plans', 'client_limits', 'client_monthly_spend', 'notifications'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO renum_platform USING (true) WITH CHECK (true)', t || '_platform', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['client_limits', 'client_monthly_spend', 'notifications'] LOOP
    EXECUTE format(
      'CREATE POLICY %I ON %I TO renum_app USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client())',
      t || '_client', t);
  END LOOP;
END
$$;
CREATE POLICY plans_read ON plans FOR SELECT TO renum_app USING (true);

-- Clients read plans and their limits but never change them. The spend counter and the
-- notifications are written by the ledger trigger, which runs with the writer's role, so the
-- client role may insert and update its own rows there (and mark its notifications read).
GRANT SELECT ON plans, client_limits TO renum_app;
GRANT SELECT, INSERT, UPDATE ON client_monthly_spend TO renum_app;
GRANT SELECT, INSERT ON notifications TO renum_app;
GRANT UPDATE (read_at, read_by) ON notifications TO renum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON plans, client_limits, client_monthly_spend, notifications TO renum_platform;

-- Existing data, seen through the platform role (RLS is forced even on the tables' owner):
-- plan names already in use become plans without limits, the plan every client had by default
-- ('free', which meant nothing until now) becomes 'unlimited' so nothing changes for them, and
-- the spend counters start from the ledger.
SET LOCAL ROLE renum_platform;
INSERT INTO plans (name, description)
  SELECT DISTINCT plan, 'Carried over from before plans had limits' FROM clients
  WHERE plan <> 'free'
  ON CONFLICT (name) DO NOTHING;
UPDATE clients SET plan = 'unlimited' WHERE plan = 'free';
INSERT INTO client_monthly_spend (client_id, month, spent_usd)
  SELECT client_id, (date_trunc('month', created_at AT TIME ZONE 'UTC'))::date, sum(cost_usd)
  FROM renum_ai_usage_logs GROUP BY 1, 2 HAVING sum(cost_usd) > 0;
RESET ROLE;

ALTER TABLE clients ALTER COLUMN plan SET DEFAULT 'unlimited';
ALTER TABLE clients ADD CONSTRAINT clients_plan_fkey FOREIGN KEY (plan) REFERENCES plans(name) ON UPDATE CASCADE;
