-- Plans editor (issue 16, ADR 0055): plans are edited from the admin console, each change versioned.
--
-- plans gains the version in force (optimistic concurrency: an edit names the version it started from)
-- and retired_at (a retired plan stays for history and for old settings versions that name it, but no
-- client can be put on it; only a plan no client uses is retired). plan_versions keeps every version of
-- every plan whole, append-only, with who set it: the history the console shows. The audit log says
-- which fields changed and why.
ALTER TABLE plans ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE plans ADD COLUMN retired_at timestamptz;

CREATE TABLE plan_versions (
  plan text NOT NULL REFERENCES plans(name),
  version integer NOT NULL CHECK (version >= 1),
  description text NOT NULL,
  monthly_budget_usd numeric(18, 8),
  requests_per_minute integer,
  max_concurrent_runs integer,
  retired boolean NOT NULL DEFAULT false,
  -- The admin who set it; no foreign key, so removing a person never rewrites a version.
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan, version)
);

CREATE FUNCTION renum_plan_versions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'plan_versions is append-only (insert the next version)';
END
$$;
CREATE TRIGGER plan_versions_append_only BEFORE UPDATE OR DELETE ON plan_versions
  FOR EACH ROW EXECUTE FUNCTION renum_plan_versions_append_only();

-- Platform data only the platform role reads and writes (clients read their plan through plans).
ALTER TABLE plan_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE plan_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY plan_versions_platform ON plan_versions TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY plan_versions_scope_role ON plan_versions AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT, INSERT ON plan_versions TO renum_platform;

-- The plans there are become their version 1 (seen through the platform role: RLS is forced).
SET LOCAL ROLE renum_platform;
INSERT INTO plan_versions (plan, version, description, monthly_budget_usd, requests_per_minute, max_concurrent_runs, created_at)
  SELECT name, 1, description, monthly_budget_usd, requests_per_minute, max_concurrent_runs, created_at FROM plans;
RESET ROLE;
