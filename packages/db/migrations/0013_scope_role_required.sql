-- Row-level security admits only the two application roles. A policy written `TO renum_platform` applies
-- to every role that holds that role's privileges, and the user the server connects as is granted
-- renum_app and renum_platform (0001 grants them to the migrating user; the README asks for the grant) and
-- inherits their privileges unless it is NOINHERIT. So where that user is not a superuser, a query made
-- outside withClient/withPlatform passed the platform policies (`USING (true)`) and read and wrote every
-- client's rows, although FORCE ROW LEVEL SECURITY was meant to leave it none.
--
-- A restrictive policy on every table with row-level security now also requires the transaction's role to
-- be one of the two. Restrictive policies are ANDed with the permissive ones, so the existing policies keep
-- their meaning for both roles, and the connecting user sees and writes no row until it switches role.
-- The condition is a scalar subquery so that Postgres computes it once per statement (an initplan): written
-- bare, `current_user` is evaluated on every row, which tripled the time of a 50,000-row scan.
--
-- A superuser still bypasses row-level security whatever the policies say (PGlite's single user is one):
-- every query still runs in withClient or withPlatform, and a migration that changes data does it under
-- `SET LOCAL ROLE renum_platform` (as 0006 does), since the migrating user now sees no row by itself.
-- Foreign-key actions (a deleted client's cascade) run as the table owner without row-level security, as
-- before. Every table that enables row-level security later needs the same policy, named
-- <table>_scope_role (packages/db/test/rls-catalog.test.ts fails otherwise).
DO $$
DECLARE
  t name;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity
    ORDER BY c.relname
  LOOP
    EXECUTE format(
      'CREATE POLICY %I ON %I AS RESTRICTIVE TO PUBLIC'
      ' USING ((SELECT current_user IN (''renum_app'', ''renum_platform'')))'
      ' WITH CHECK ((SELECT current_user IN (''renum_app'', ''renum_platform'')))',
      t || '_scope_role', t);
  END LOOP;
END
$$;
