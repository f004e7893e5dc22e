-- Monitoring minutes (issue 16, ADR 0062): the console's HTTP-by-route figures for the whole platform.
--
-- Every server process writes, once a minute, what its Prometheus registry counted since its last write:
-- requests and server errors in total and by route, each route's latency histogram buckets (`le` → count,
-- cumulative like Prometheus's, so buckets of several rows add up), breaker openings by tool, and its
-- WebSocket connections at that moment. The console sums the rows of the window across processes and
-- takes percentiles from the summed histograms, so the figures cover every process and survive restarts.
-- A worker deletes rows older than 25 hours (the day window plus a margin).
CREATE TABLE monitoring_minutes (
  -- A fresh id per process start: a restarted process writes under a new one.
  process_id text NOT NULL,
  -- The moment of the write; the row counts what happened since the process's previous row.
  at timestamptz NOT NULL,
  requests integer NOT NULL CHECK (requests >= 0),
  errors integer NOT NULL CHECK (errors >= 0),
  websocket_connections integer NOT NULL CHECK (websocket_connections >= 0),
  -- { "<route template>": { "requests": n, "errors": n, "buckets": { "<le seconds or +Inf>": n } } }
  routes jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(routes) = 'object'),
  -- { "<tool>": n }
  breaker_opens jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(breaker_opens) = 'object'),
  PRIMARY KEY (process_id, at)
);
CREATE INDEX idx_monitoring_minutes_at ON monitoring_minutes(at);

-- Platform data: no client's, so no client_id; only the platform role reads, writes and prunes it.
ALTER TABLE monitoring_minutes ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_minutes FORCE ROW LEVEL SECURITY;
CREATE POLICY monitoring_minutes_platform ON monitoring_minutes TO renum_platform USING (true) WITH CHECK (true);
-- Migration 0013's rule: only the two application roles see rows, once the transaction switched to one.
CREATE POLICY monitoring_minutes_scope_role ON monitoring_minutes AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT, INSERT, DELETE ON monitoring_minutes TO renum_platform;
