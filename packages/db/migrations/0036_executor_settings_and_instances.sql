-- Issue 13: Suna's connection as a platform setting, and Suna instances per client (seed 000).
-- platform_settings: settings an admin changes at run time, one row per name (`suna` for now). `value`
-- holds what may be shown (URL, tools URL, provider options); `secret` holds the vault's encrypted record
-- of the secret fields (API key, service JWT) under the platform's own data key `data_key` (the vault's
-- per-client envelope scheme, with the client id `platform`). Platform scope only: no client role sees it.
-- executor_instances: the executor instance a client's runs go to (the `static` provider's shared URL, or
-- a container the `docker` provider started for the client), with its status as last watched.

CREATE TABLE platform_settings (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_.-]{0,62}$'),
  value jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret jsonb,
  data_key jsonb,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE platform_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_settings_platform ON platform_settings TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY platform_settings_scope_role ON platform_settings AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT, INSERT, UPDATE, DELETE ON platform_settings TO renum_platform;

CREATE TABLE executor_instances (
  id uuid PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  executor text NOT NULL DEFAULT 'suna' CHECK (executor IN ('suna')),
  provider text NOT NULL CHECK (provider IN ('static', 'docker')),
  status text NOT NULL CHECK (status IN ('starting', 'running', 'failed', 'stopped')),
  url text CHECK (url IS NULL OR length(url) BETWEEN 1 AND 2000),
  container_id text CHECK (container_id IS NULL OR length(container_id) BETWEEN 1 AND 200),
  error text CHECK (error IS NULL OR length(error) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, executor)
);

ALTER TABLE executor_instances ENABLE ROW LEVEL SECURITY;
ALTER TABLE executor_instances FORCE ROW LEVEL SECURITY;
CREATE POLICY executor_instances_client ON executor_instances FOR SELECT TO renum_app
  USING (client_id = renum_current_client());
CREATE POLICY executor_instances_platform ON executor_instances TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY executor_instances_scope_role ON executor_instances AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));
GRANT SELECT ON executor_instances TO renum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON executor_instances TO renum_platform;
