-- The audit log is append-only for both application roles: nobody rewrites history through the app.
-- (Deleting a client still removes its rows through the foreign key's cascade, which runs as owner.)
REVOKE UPDATE, DELETE ON audit_log FROM renum_platform;
