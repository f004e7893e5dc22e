-- Platform settings (issue 16, ADR 0050): the default plan, the models clients may use, price overrides
-- and feature switches, as an append-only series of versions. A change inserts the next version whole
-- (never an UPDATE), so the settings in force at any moment, and who set them, stay readable; the ledger
-- rows priced with an override name its version (`<table version>+settings.<n>`). No row means the
-- deployment's configuration alone (RENUM_DEFAULT_PLAN, every configured model, the price table file).

CREATE TABLE platform_settings (
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
CREATE FUNCTION renum_platform_settings_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'platform_settings is append-only (insert the next version)';
END
$$;
CREATE TRIGGER platform_settings_append_only BEFORE UPDATE OR DELETE ON platform_settings
  FOR EACH ROW EXECUTE FUNCTION renum_platform_settings_append_only();

-- Platform data every request may read (signup's default plan, a send's enabled models, a run's prices);
-- only the platform role writes it.
ALTER TABLE platform_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_settings_platform ON platform_settings TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY platform_settings_read ON platform_settings FOR SELECT TO renum_app USING (true);
GRANT SELECT ON platform_settings TO renum_app;
GRANT SELECT, INSERT ON platform_settings TO renum_platform;
-- Migration 0013's rule: only the two application roles see rows, once the transaction switched to one.
CREATE POLICY platform_settings_scope_role ON platform_settings AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
