import { randomBytes } from 'node:crypto';
import { testPostgresUrl } from '@renum/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { listMigrations, migrate, migrationStatus, openDatabase } from '../src/index.ts';

describe('migrations', () => {
  it('apply cleanly to an empty PGlite and are idempotent', async () => {
    const handle = await openDatabase({ kind: 'pglite' });
    try {
      expect((await migrationStatus(handle)).pending).toEqual(listMigrations().map((m) => m.name));
      const first = await migrate(handle);
      expect(first.applied).toEqual(listMigrations().map((m) => m.name));
      expect((await migrate(handle)).applied).toEqual([]);
      expect((await migrationStatus(handle)).pending).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it("find a run's messages through an index, not by reading every client's messages", async () => {
    const handle = await openDatabase({ kind: 'pglite' });
    try {
      await migrate(handle);
      // Planned as on a large table: a scan is only chosen when no index can answer.
      await handle.query('set enable_seqscan = off');
      const plan = await handle.query<{ 'QUERY PLAN': string }>(
        `explain select id from messages where run_id = '01a24de0-d688-76db-a52b-6005bb17a2d9'
           and role = 'assistant'`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Cond: \(run_id = /);
    } finally {
      await handle.close();
    }
  });

  const postgresUrl = testPostgresUrl();
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  it.skipIf(!postgresUrl)('apply cleanly to an empty Postgres database, concurrently once', async () => {
    const name = `renum_migrate_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl! });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(postgresUrl!);
    url.pathname = `/${name}`;
    try {
      const [one, two] = await Promise.all([
        openDatabase({ kind: 'postgres', url: url.toString() }),
        openDatabase({ kind: 'postgres', url: url.toString() }),
      ]);
      const [a, b] = await Promise.all([migrate(one), migrate(two)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(listMigrations().map((m) => m.name));
      const version = await one.query<{ server_version: string }>('show server_version');
      expect(version[0]?.server_version).toMatch(/^\d+/);
      await one.close();
      await two.close();
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});

describe('postgres pool', () => {
  const postgresUrl = testPostgresUrl();
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  it.skipIf(!postgresUrl)('survives the server killing an idle connection', async () => {
    const errors: Error[] = [];
    const handle = await openDatabase({
      kind: 'postgres',
      url: postgresUrl!,
      poolSize: 1,
      onConnectionError: (error) => errors.push(error),
    });
    try {
      const [{ pid }] = (await handle.query<{ pid: number }>('select pg_backend_pid() as pid')) as [
        { pid: number },
      ];
      const admin = new pg.Client({ connectionString: postgresUrl! });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(errors.length).toBe(1);
      expect((await handle.query<{ one: number }>('select 1 as one'))[0]?.one).toBe(1);
    } finally {
      await handle.close();
    }
  });
});
