-- WhatsApp Business (Cloud API) channel (issue 12) and approval over WhatsApp (issue 15, ADR 0045).
-- A client connects a phone number: its access token is a `whatsapp` credential of the vault, the Meta
-- app secret that signs webhooks is a `whatsapp_app_secret` credential (encrypted the same way, never
-- returned), the verify token answers Meta's handshake. Each number is bound to one agent.
CREATE TABLE whatsapp_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  agent_id uuid NOT NULL,
  -- Meta's id of the number: the webhook maps it to this row, so one number belongs to one client.
  phone_number_id text NOT NULL UNIQUE CHECK (phone_number_id ~ '^[0-9]{1,64}$'),
  display_phone_number text CHECK (length(display_phone_number) <= 32),
  credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  app_secret_credential_id uuid NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  -- Meta sends it back in `hub.verify_token`; unique so the handshake names one connection.
  verify_token text NOT NULL UNIQUE CHECK (length(verify_token) BETWEEN 8 AND 200),
  -- Sent instead of free text outside the 24-hour customer service window.
  template_name text CHECK (length(template_name) BETWEEN 1 AND 512),
  template_language text NOT NULL DEFAULT 'pt_BR' CHECK (length(template_language) BETWEEN 2 AND 15),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, client_id),
  FOREIGN KEY (agent_id, client_id) REFERENCES agents(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_whatsapp_connections_client ON whatsapp_connections(client_id);

-- Every WhatsApp message in and out. Inbound rows are unique on Meta's message id (`wamid`): a
-- redelivered webhook inserts nothing and enqueues nothing. Outbound rows carry the delivery status
-- that status callbacks move forward (sent, delivered, read; failed with Meta's errors).
CREATE TABLE whatsapp_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  connection_id uuid NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  wamid text NOT NULL UNIQUE CHECK (length(wamid) BETWEEN 1 AND 512),
  -- The other side's WhatsApp id (digits): the sender of an inbound message, the recipient of an outbound one.
  wa_id text NOT NULL CHECK (wa_id ~ '^[0-9]{1,32}$'),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
  text text NOT NULL DEFAULT '',
  payload jsonb NOT NULL DEFAULT '{}',
  -- Inbound: received, then handled once answered (or refused); outbound: sent, delivered, read or failed.
  status text NOT NULL CHECK (status IN ('received', 'handled', 'sent', 'delivered', 'read', 'failed')),
  error jsonb,
  conversation_id uuid REFERENCES conversations(id) ON DELETE SET NULL,
  message_id uuid REFERENCES messages(id) ON DELETE SET NULL,
  approval_id uuid REFERENCES approval_requests(id) ON DELETE SET NULL,
  -- Inbound: the wamid of the answer sent for it (the answer is sent once).
  answer_wamid text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (connection_id, client_id) REFERENCES whatsapp_connections(id, client_id) ON DELETE CASCADE
);
CREATE INDEX idx_whatsapp_messages_window ON whatsapp_messages(connection_id, wa_id, created_at DESC)
  WHERE direction = 'in';
CREATE INDEX idx_whatsapp_messages_approval ON whatsapp_messages(approval_id) WHERE approval_id IS NOT NULL;

-- An approver's WhatsApp number (digits, international), per membership: approval requests are sent
-- there and replies from it decide as that member.
ALTER TABLE memberships ADD COLUMN whatsapp_number text CHECK (whatsapp_number ~ '^[0-9]{6,20}$');
CREATE UNIQUE INDEX uq_memberships_whatsapp_number ON memberships(client_id, whatsapp_number)
  WHERE whatsapp_number IS NOT NULL;

CREATE TRIGGER whatsapp_connections_touch BEFORE UPDATE ON whatsapp_connections FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();
CREATE TRIGGER whatsapp_messages_touch BEFORE UPDATE ON whatsapp_messages FOR EACH ROW EXECUTE FUNCTION renum_touch_updated_at();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['whatsapp_connections', 'whatsapp_messages'] LOOP
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
