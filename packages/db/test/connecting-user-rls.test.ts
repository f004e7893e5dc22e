import { randomBytes } from 'node:crypto';
import { testDatabaseTargets, testPostgresUrl } from '@renum/testing';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrate, openDatabase, withClient, withPlatform } from '../src/index.ts';
import {
  type ClientParents,
  clientTableFixture,
  clientTableFixtures,
  createClientParents,
  sqlState,
} from './client-table-fixtures.ts';

const postgresUrl = testPostgresUrl();

/**
 * A deployment whose user is not a superuser: it owns the tables (it ran the migrations) and was granted
 * renum_app and renum_platform as the README asks, so it holds their privileges (INHERIT is the default).
 * Row-level security must still show it nothing until a transaction switches role.
 */
// Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
describe.skipIf(!postgresUrl)('row-level security for a connecting user that is not a superuser', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `renum_owner_${suffix}`;
  const database = `renum_nonsuper_${suffix}`;
  let admin: pg.Client;
  let handle: DatabaseHandle;
  let a: ClientParents;
  let secured: string[];

  beforeAll(async () => {
    // renum_app and renum_platform belong to the cluster: migrating this run's database makes sure they exist
    // (a user without CREATEROLE could not create them).
    const postgres = testDatabaseTargets().find((target) => target.name === 'postgres');
    await (await postgres!.open()).close();
    admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    const password = decodeURIComponent(new URL(postgresUrl!).password);
    await admin.query(
      `create role ${owner} login nosuperuser nocreaterole nocreatedb nobypassrls
       ${password ? `password ${admin.escapeLiteral(password)}` : ''}`,
    );
    await admin.query(`grant renum_app, renum_platform to ${owner}`);
    await admin.query(`create database ${database} owner ${owner}`);
    const url = new URL(postgresUrl!);
    url.username = owner;
    url.pathname = `/${database}`;
    handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    await migrate(handle);
    a = await createClientParents(handle.db, 'a');
    for (const table of Object.keys(clientTableFixtures)) {
      const fixture = clientTableFixture(table);
      if (fixture.writer === 'client') await withClient(handle.db, a.clientId, (tx) => fixture.insert(tx, a));
      else await withPlatform(handle.db, (tx) => fixture.insert(tx, a));
    }
    secured = (
      await handle.query<{ table: string }>(
        `select relname as table from pg_class
         where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p') and relrowsecurity
         order by relname`,
      )
    ).map((row) => row.table);
  });

  afterAll(async () => {
    await handle?.close();
    if (!admin) return;
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`drop role if exists ${owner}`);
    await admin.end();
  });

  it('connects as a user that is not a superuser and holds both roles’ privileges', async () => {
    const [me] = await handle.query<{ superuser: boolean; app: boolean; platform: boolean }>(
      `select rolsuper as superuser, pg_has_role(current_user, 'renum_app', 'USAGE') as app,
        pg_has_role(current_user, 'renum_platform', 'USAGE') as platform
       from pg_roles where rolname = current_user`,
    );
    expect(me).toEqual({ superuser: false, app: true, platform: true });
  });

  it('shows the connecting user no row of any table until the transaction switches role', async () => {
    const counts = async (run: (query: string) => Promise<{ n: number }[]>) => {
      const seen: Record<string, number> = {};
      for (const table of secured)
        seen[table] = (await run(`select count(*)::int as n from "${table}"`))[0]!.n;
      return seen;
    };
    const unscoped = await counts((query) => handle.query(query));
    const platform = await counts(async (query) => {
      const result = await withPlatform(handle.db, (tx) => tx.execute(sql.raw(query)));
      return (result as unknown as { rows: { n: number }[] }).rows;
    });
    // Every fixture wrote a row, so the platform scope sees one in each client-owned table.
    for (const table of Object.keys(clientTableFixtures)) expect(platform[table], table).toBeGreaterThan(0);
    expect(secured).toEqual(
      expect.arrayContaining(['clients', 'plans', ...Object.keys(clientTableFixtures)]),
    );
    expect(unscoped).toEqual(Object.fromEntries(secured.map((table) => [table, 0])));
  });

  it('refuses a row written by the connecting user without a role, in every client-owned table', async () => {
    const accepted: string[] = [];
    for (const table of Object.keys(clientTableFixtures)) {
      const state = await handle.db
        .transaction((tx) => clientTableFixture(table).insert(tx, a))
        .then(() => 'accepted', sqlState);
      if (state !== '42501') accepted.push(`${table}: ${state}`);
    }
    // The exception: renum_enqueue_job (migration 0011) is SECURITY DEFINER and writes as renum_platform
    // whoever calls it, and the connecting user may execute it, so it can still enqueue a job for a client.
    expect(accepted).toEqual(['jobs: accepted']);
  });

  it('still lets a deleted client take its rows along (foreign keys act as the owner)', async () => {
    await withPlatform(handle.db, (tx) => tx.execute(sql`delete from clients where id = ${a.clientId}`));
    const left: string[] = [];
    for (const table of Object.keys(clientTableFixtures)) {
      const result = await withPlatform(handle.db, (tx) =>
        tx.execute(sql`select 1 from ${sql.identifier(table)} where client_id = ${a.clientId}`),
      );
      if ((result as unknown as { rows: unknown[] }).rows.length > 0) left.push(table);
    }
    expect(left).toEqual([]);
  });
});
