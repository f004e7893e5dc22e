-- Platform settings (issue 16, ADR 0050): the default plan, the models clients may use, price overrides
-- and feature switches, as an append-only series of versions. A change inserts the next version whole
-- (never an UPDATE), so the settings in force at any moment, and who set them, stay readable; the ledger
-- rows priced with an override name its version (`<table version>+settings.<n>`). No row means the
-- deployment's configuration alone (RENUM_DEFAULT_PLAN, every configured model, the price table file).
-- (Named settings changed at run time, such as Suna's connection, are migration 0036's platform_settings.)

CREATE TABLE platform_setting_versions (
  version integer PRIMARY KEY CHECK (version >= 1),
  default_plan text REFERENCES plans(name),
  -- NULL: every model the deployment can call; else only these canonical ids (`openai/gpt-4o-mini`).
  enabled_models text[],
  -- { "<provider>/<model>": { "input_per_million": n, "output_per_million": n } }
  price_overrides jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(price_overrides) = 'object'),
  features jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(features) = 'object'),
  -- The admin who set it; no foreign key, so removing a person never rewrites a version.
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Versions are history: nobody rewrites or removes one.
CREATE FUNCTION renum_platform_setting_versions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'platform_setting_versions is append-only (insert the next version)';
END
$$;
CREATE TRIGGER platform_setting_versions_append_only BEFORE UPDATE OR DELETE ON platform_setting_versions
  FOR EACH ROW EXECUTE FUNCTION renum_platform_setting_versions_append_only();

-- Platform data every request may read (signup's default plan, a send's enabled models, a run's prices);
-- only the platform role writes it.
ALTER TABLE platform_setting_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_setting_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_setting_versions_platform ON platform_setting_versions TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY platform_setting_versions_read ON platform_setting_versions FOR SELECT TO renum_app USING (true);
GRANT SELECT ON platform_setting_versions TO renum_app;
GRANT SELECT, INSERT ON platform_setting_versions TO renum_platform;
-- Migration 0013's rule: only the two application roles see rows, once the transaction switched to one.
CREATE POLICY platform_setting_versions_scope_role ON platform_setting_versions AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
