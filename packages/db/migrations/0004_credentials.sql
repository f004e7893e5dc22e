-- Credential vault (issue 4): each client's data keys (wrapped by a key-encryption key that never
-- touches the database) and its credentials (AES-256-GCM ciphertexts bound to client, credential
-- and key version). A dump of these tables reveals no secret.

CREATE TABLE client_data_keys (
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  dek_version integer NOT NULL CHECK (dek_version >= 1),
  kek_version text NOT NULL,
  -- The vault's WrappedDataKey record (format, versions, wrapped key in base64, timestamps).
  record jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, dek_version)
);

CREATE TABLE credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  agent_id uuid,
  service text NOT NULL CHECK (service ~ '^[a-z][a-z0-9_-]{1,40}$'),
  name text NOT NULL,
  -- The vault's EncryptedSecret record; dek_version names the data key that opens it.
  secret jsonb NOT NULL,
  dek_version integer NOT NULL,
  field_names text[] NOT NULL,
  masked text NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, service, name),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE,
  FOREIGN KEY (client_id, dek_version) REFERENCES client_data_keys(client_id, dek_version)
);
CREATE INDEX idx_credentials_client_service ON credentials(client_id, service);

CREATE TRIGGER client_data_keys_touch BEFORE UPDATE ON client_data_keys FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER credentials_touch BEFORE UPDATE ON credentials FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['client_data_keys', 'credentials'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY %I ON %I TO renum_app USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client())',
      t || '_client', t);
    EXECUTE format('CREATE POLICY %I ON %I TO renum_platform USING (true) WITH CHECK (true)', t || '_platform', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO renum_app, renum_platform', t);
  END LOOP;
END
$$;
