import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, withClient, withPlatform } from '../src/index.ts';
import { clientOwnedTablesQuery } from './client-table-fixtures.ts';

interface TableSecurity extends Record<string, unknown> {
  table: string;
  enabled: boolean;
  forced: boolean;
  policies: string[];
  /** Permissive policies that apply to a role other than the two application roles (PUBLIC included). */
  foreign_policies: string[];
  /** Restrictive policies for PUBLIC (migration 0013's `<table>_scope_role`), as `name: using / with check`. */
  scope_policies: string[];
}

const tableSecurityQuery = `
  select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
    coalesce(array_agg(p.polname::text order by p.polname) filter (where p.polname is not null), '{}'::text[]) as policies,
    coalesce(array_agg(p.polname::text order by p.polname) filter (where p.polpermissive and exists (
      select 1 from unnest(p.polroles) r
      where r = 0 or r not in ('renum_app'::regrole, 'renum_platform'::regrole))), '{}'::text[]) as foreign_policies,
    coalesce(array_agg(p.polname || ': ' || pg_get_expr(p.polqual, p.polrelid) || ' / '
        || pg_get_expr(p.polwithcheck, p.polrelid) order by p.polname)
      filter (where not p.polpermissive and p.polroles = '{0}'), '{}'::text[]) as scope_policies
  from pg_class c
  left join pg_policy p on p.polrelid = c.oid
  where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
  group by c.relname, c.relrowsecurity, c.relforcerowsecurity
  order by c.relname`;

/** Tables that hold no client data and are read only by the connecting user. */
const tablesWithoutRowSecurity = ['renum_migrations'];

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`row-level security catalog (${target.name})`, () => {
    let handle: DatabaseHandle;
    let tables: TableSecurity[];
    let clientOwned: string[];

    beforeAll(async () => {
      handle = await target.open();
      tables = await handle.query<TableSecurity>(tableSecurityQuery);
      clientOwned = (await handle.query<{ table: string }>(clientOwnedTablesQuery)).map((row) => row.table);
    });
    afterAll(async () => handle?.close());

    it('finds the client-owned tables the isolation rules are written for', () => {
      // A guard against a catalog query that silently matches nothing (a wrong schema, say).
      expect(clientOwned).toEqual(
        expect.arrayContaining(['credentials', 'memories', 'renum_ai_usage_logs', 'agents', 'jobs']),
      );
    });

    it('enables and forces row-level security, with a policy, on every table with a client_id column', () => {
      const owned = tables.filter((row) => clientOwned.includes(row.table));
      const unprotected = owned
        .filter((row) => !row.enabled || !row.forced || row.policies.length === 0)
        .map(
          (row) =>
            `${row.table} (enabled: ${row.enabled}, forced: ${row.forced}, policies: ${row.policies.length})`,
        );
      expect(unprotected, `tables with client_id: ${clientOwned.join(', ')}`).toEqual([]);
    });

    it('enables and forces row-level security on every other table too', () => {
      const unprotected = tables
        .filter((row) => !tablesWithoutRowSecurity.includes(row.table) && (!row.enabled || !row.forced))
        .map((row) => row.table);
      expect(unprotected, `tables checked: ${tables.map((row) => row.table).join(', ')}`).toEqual([]);
    });

    it('grants rows only to the two application roles, and only once the transaction has switched to one', () => {
      const secured = tables.filter((row) => row.enabled);
      const open = secured.filter((row) => row.foreign_policies.length > 0).map((row) => row.table);
      expect(open, 'permissive policies for a role other than renum_app and renum_platform').toEqual([]);
      // Permissive policies also apply to every member of a role (the connecting user is one): the
      // restrictive policy is what keeps that user out until it switches role (migration 0013).
      // As pg_get_expr prints migration 0013's condition, spaces removed (their layout varies by version).
      const roleCheck = "(SELECT(CURRENT_USER=ANY(ARRAY['renum_app'::name,'renum_platform'::name])))";
      const expected = (table: string) => `${table}_scope_role:${roleCheck}/${roleCheck}`;
      const unguarded = secured
        .filter(
          (row) => !row.scope_policies.some((policy) => policy.replace(/\s/g, '') === expected(row.table)),
        )
        .map((row) => `${row.table} (${row.scope_policies.join('; ') || 'none'})`);
      expect(unguarded, 'tables without the restrictive <table>_scope_role policy').toEqual([]);
    });

    it('scopes transactions to roles that are neither superuser, BYPASSRLS nor owner, directly or through a membership', async () => {
      const clientId = randomUUID();
      const scopes = [
        ['renum_app', (query: SQL) => withClient(handle.db, clientId, (tx) => tx.execute(query))],
        ['renum_platform', (query: SQL) => withPlatform(handle.db, (tx) => tx.execute(query))],
      ] as const;
      for (const [role, run] of scopes) {
        const result = (await run(sql`
          with recursive held(oid) as (
            select r.oid from pg_roles r where r.rolname = current_user
            union select m.roleid from pg_auth_members m join held on m.member = held.oid
          )
          select current_user as role,
            bool_or(r.rolsuper) as superuser, bool_or(r.rolbypassrls) as bypass,
            (select count(*)::int from pg_class c
             where c.relnamespace = current_schema()::regnamespace and c.relowner in (select oid from held)) as owned
          from held join pg_roles r on r.oid = held.oid`)) as unknown as { rows: Record<string, unknown>[] };
        expect(result.rows[0]).toEqual({ role, superuser: false, bypass: false, owned: 0 });
      }
    });
  });
}
