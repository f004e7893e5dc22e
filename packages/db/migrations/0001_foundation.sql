-- Foundation: clients, identity, agents and sub-agents, audit log, with client isolation enforced by RLS.
-- Runs on Postgres 15+ and PGlite (Postgres 18). Tables are owned by the migrating user; the application
-- works through two NOLOGIN roles that are neither superuser, owner nor BYPASSRLS:
--   renum_app       client-scoped: sees only rows whose client_id equals app.client_id of the transaction
--   renum_platform  platform scope: explicit, audited code paths (admin routes, authentication lookups)

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'renum_app') THEN
    CREATE ROLE renum_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'renum_platform') THEN
    CREATE ROLE renum_platform NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;

-- The migrating user must be able to SET ROLE to both (a superuser always can).
DO $$
BEGIN
  EXECUTE format('GRANT renum_app, renum_platform TO %I', current_user);
EXCEPTION WHEN others THEN
  RAISE NOTICE 'could not grant renum roles to %: %', current_user, SQLERRM;
END
$$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO renum_app, renum_platform', current_schema());
END
$$;

CREATE FUNCTION renum_current_client() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.client_id', true), '')::uuid $$;

CREATE FUNCTION renum_touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;

CREATE TABLE clients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  plan text NOT NULL DEFAULT 'free',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash text,
  name text NOT NULL,
  platform_role text NOT NULL DEFAULT 'none' CHECK (platform_role IN ('none', 'admin')),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The seed's `profiles`: a person's role within a client.
CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, user_id)
);
CREATE INDEX idx_memberships_user_id ON memberships(user_id);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_refresh_tokens_family_id ON refresh_tokens(family_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_api_keys_client_id ON api_keys(client_id);

CREATE TABLE agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  slug text NOT NULL UNIQUE,
  model text NOT NULL DEFAULT 'gpt-4o-mini',
  system_prompt text NOT NULL,
  channel text NOT NULL DEFAULT 'whatsapp' CHECK (channel IN ('whatsapp', 'web', 'sms', 'email')),
  template_type text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'inactive')),
  is_public boolean NOT NULL DEFAULT false,
  public_url text,
  config jsonb NOT NULL DEFAULT '{}',
  access_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id)
);
CREATE INDEX idx_agents_client_id ON agents(client_id, id DESC);
CREATE INDEX idx_agents_status ON agents(status);
CREATE INDEX idx_agents_is_public ON agents(is_public);

-- client_id is denormalised from the agent; the composite key proves it matches.
CREATE TABLE sub_agents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  name text NOT NULL,
  description text,
  topics text[] NOT NULL CHECK (cardinality(topics) > 0),
  model text NOT NULL DEFAULT 'gpt-4o-mini',
  system_prompt text NOT NULL,
  channel text NOT NULL DEFAULT 'whatsapp',
  is_active boolean NOT NULL DEFAULT true,
  fine_tuning_config jsonb,
  knowledge_base jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_sub_agents_agent_id ON sub_agents(agent_id);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid REFERENCES clients(id) ON DELETE CASCADE,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'platform_admin', 'system')),
  actor_id uuid,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  request_id text,
  ip text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_audit_log_client_id ON audit_log(client_id, created_at DESC);

CREATE TRIGGER clients_touch BEFORE UPDATE ON clients FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER memberships_touch BEFORE UPDATE ON memberships FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER agents_touch BEFORE UPDATE ON agents FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER sub_agents_touch BEFORE UPDATE ON sub_agents FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

-- Row-level security: enabled and forced on every table; policies per role.
ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
CREATE POLICY clients_own ON clients TO renum_app USING (id = renum_current_client());
CREATE POLICY clients_platform ON clients TO renum_platform USING (true) WITH CHECK (true);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_members ON users TO renum_app USING (
  EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.client_id = renum_current_client())
);
CREATE POLICY users_platform ON users TO renum_platform USING (true) WITH CHECK (true);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships', 'refresh_tokens', 'api_keys', 'agents', 'sub_agents', 'audit_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO renum_app USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client())',
      t || '_client', t);
    EXECUTE format('CREATE POLICY %I ON %I TO renum_platform USING (true) WITH CHECK (true)', t || '_platform', t);
  END LOOP;
END
$$;

-- Grants: the client-scoped role never sees password hashes and never writes identity tables.
GRANT SELECT ON clients TO renum_app;
GRANT SELECT (id, email, name, platform_role, created_at, updated_at) ON users TO renum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, api_keys, agents, sub_agents TO renum_app;
GRANT SELECT, INSERT ON audit_log TO renum_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON clients, users, memberships, refresh_tokens, api_keys, agents, sub_agents, audit_log TO renum_platform;
