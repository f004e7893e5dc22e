-- Members join by invitation (issue 18): an owner or admin invites an email with a role; the person accepts
-- while signed in with that email, or signs up through the invitation. Nothing about an account is looked
-- up when inviting, so the answer is the same whether or not the email has one.
--
-- The token (`inv_…`, 32 random bytes) is shown once to the inviter and stored only as its SHA-256. A row is
-- pending while accepted_at and revoked_at are both null and expires_at is in the future.

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email)),
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  accepted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  revoked_at timestamptz,
  CHECK (accepted_at IS NULL OR revoked_at IS NULL),
  -- accepted_by becomes null if that account is deleted; it is never set on an unaccepted row.
  CHECK (accepted_by IS NULL OR accepted_at IS NOT NULL)
);

-- One open invitation per client and email: inviting again revokes the open one first, and two invitations
-- created at once for the same email cannot both stay open.
CREATE UNIQUE INDEX idx_invitations_one_open ON invitations(client_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
-- The signed-in person's invitations (`GET /v1/me/invitations`).
CREATE INDEX idx_invitations_open_email ON invitations(email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_client ON invitations TO renum_app
  USING (client_id = renum_current_client()) WITH CHECK (client_id = renum_current_client());
CREATE POLICY invitations_platform ON invitations TO renum_platform USING (true) WITH CHECK (true);

-- Invitations are revoked or accepted, never deleted (they go with their client).
GRANT SELECT, INSERT, UPDATE ON invitations TO renum_app, renum_platform;
