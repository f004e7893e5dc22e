-- Read receipts (issue 11): which person of the client read which message, and when. One row per message and
-- person; reading again keeps the first time. Typing and presence are never stored: they travel on the
-- WebSocket only (ADR 0021).

CREATE TABLE message_reads (
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, user_id)
);

-- A person's unread counts per conversation (the inbox).
CREATE INDEX idx_message_reads_user_conversation ON message_reads(user_id, conversation_id);

ALTER TABLE message_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY message_reads_client ON message_reads TO renum_app
  USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client());
CREATE POLICY message_reads_platform ON message_reads TO renum_platform USING (true) WITH CHECK (true);
CREATE POLICY message_reads_scope_role ON message_reads AS RESTRICTIVE TO PUBLIC
  USING ((SELECT current_user IN ('renum_app', 'renum_platform')))
  WITH CHECK ((SELECT current_user IN ('renum_app', 'renum_platform')));

GRANT SELECT, INSERT ON message_reads TO renum_app, renum_platform;
