-- Admin console (issue 16): a platform admin creates a client and invites its owner. Until now an
-- invitation granted only admin or member (an owner is made by an owner); an owner invitation exists only
-- when a platform admin creates it, for a client that may have no owner yet. Client routes still refuse
-- `owner` in `POST /v1/invitations` (the contract's enum), so this widens the column, not who may invite.

ALTER TABLE invitations DROP CONSTRAINT IF EXISTS invitations_role_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'admin', 'member'));
