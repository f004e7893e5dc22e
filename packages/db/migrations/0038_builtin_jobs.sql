-- Built-in jobs (issue 15, seed 004 #4, ADR 0049): a schedule's target may be { "type": "builtin", "job" }
-- with job daily_report, budget_check or cleanup, run for the schedule's client only.
--
-- 1. Budget alerts have one path: the hourly budget_check job calls renum_budget_alerts (80%: budget.warning,
--    100%: budget.exceeded, each once a month through its dedup key). The ledger trigger only bumps the
--    month's spend now; admission still refuses runs at 100% from the spend itself, alert or not.
CREATE OR REPLACE FUNCTION renum_meter_spend() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_monthly_spend AS s (client_id, month, spent_usd)
  SELECT client_id, (date_trunc('month', created_at AT TIME ZONE 'UTC'))::date, sum(cost_usd)
  FROM added
  GROUP BY 1, 2
  HAVING sum(cost_usd) > 0
  ORDER BY 1, 2
  ON CONFLICT (client_id, month) DO UPDATE
    SET spent_usd = s.spent_usd + EXCLUDED.spent_usd, updated_at = now();
  RETURN NULL;
END
$$;

-- 2. What a built-in job's tick did (alerts stored, rows deleted, the report's notification), for the history.
ALTER TABLE schedule_executions ADD COLUMN result jsonb;
-- The runs list names the schedule a run came from: looked up by run and by team execution.
CREATE INDEX idx_schedule_executions_run ON schedule_executions(run_id) WHERE run_id IS NOT NULL;
CREATE INDEX idx_schedule_executions_execution ON schedule_executions(execution_id) WHERE execution_id IS NOT NULL;

-- 3. Every client has the budget check (every hour, UTC) and the clean-up (03:00 UTC): seeded with the
--    client, and now for the clients that exist. The daily report is the client's own (its time, its agent).
CREATE FUNCTION renum_seed_builtin_schedules(p_client uuid, p_now timestamptz) RETURNS void
LANGUAGE sql VOLATILE AS $$
  INSERT INTO schedules (client_id, name, description, cron, timezone, target, next_fire_at, anchor_at)
  VALUES
    (p_client, 'Budget check', 'Alerts at 80% and 100% of this month''s budget', '0 * * * *', 'UTC',
     '{"type": "builtin", "job": "budget_check"}'::jsonb,
     date_trunc('hour', p_now) + interval '1 hour', p_now),
    (p_client, 'Clean-up', 'Deletes expired data (ADR 0049)', '0 3 * * *', 'UTC',
     '{"type": "builtin", "job": "cleanup"}'::jsonb,
     ((date_trunc('day', p_now AT TIME ZONE 'UTC') + interval '3 hours') AT TIME ZONE 'UTC')
       + CASE WHEN ((date_trunc('day', p_now AT TIME ZONE 'UTC') + interval '3 hours') AT TIME ZONE 'UTC') <= p_now
              THEN interval '1 day' ELSE interval '0' END,
     p_now)
$$;

CREATE FUNCTION renum_clients_seed_schedules() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM renum_seed_builtin_schedules(NEW.id, now());
  RETURN NULL;
END
$$;

CREATE TRIGGER clients_seed_schedules AFTER INSERT ON clients
  FOR EACH ROW EXECUTE FUNCTION renum_clients_seed_schedules();

SELECT renum_seed_builtin_schedules(c.id, now()) FROM clients c;

-- 4. The clean-up (platform scope, every statement naming its client) deletes expired invitations; the
--    application's role still cannot delete any.
GRANT DELETE ON invitations TO renum_platform;
