import { testDatabaseTargets } from '@renum/testing';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, type Transaction, withClient, withPlatform } from '../src/index.ts';
import {
  type ClientParents,
  clientOwnedTablesQuery,
  clientTableFixture,
  clientTableFixtures,
  createClientParents,
  sqlState,
} from './client-table-fixtures.ts';

/** What a statement did: the rows it returned, or the SQLSTATE it failed with. */
type Outcome = { rows: number } | { sqlState: string };

const denied = { sqlState: '42501' }; // insufficient_privilege: a missing grant or a row-security check

async function outcome(work: Promise<unknown>): Promise<Outcome> {
  try {
    const result = (await work) as { rows: unknown[] };
    return { rows: result.rows.length };
  } catch (error) {
    const state = sqlState(error);
    if (state === null) throw error;
    return { sqlState: state };
  }
}

interface ClientRolePrivileges extends Record<string, unknown> {
  select: boolean;
  delete: boolean;
  /** A column `renum_app` may update, or null when it may update none. */
  update_column: string | null;
}

const privilegesQuery = `
  select has_table_privilege('renum_app', $1::regclass, 'SELECT') as select,
    has_table_privilege('renum_app', $1::regclass, 'DELETE') as delete,
    (select a.attname from pg_attribute a
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
       and has_column_privilege('renum_app', a.attrelid, a.attnum, 'UPDATE')
     order by a.attnum limit 1) as update_column`;

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(
    `isolation of every client-owned table (${target.name})`,
    () => {
      let handle: DatabaseHandle;
      let a: ClientParents;
      let b: ClientParents;

      beforeAll(async () => {
        handle = await target.open();
        a = await createClientParents(handle.db, 'a');
        b = await createClientParents(handle.db, 'b');
      });
      afterAll(async () => handle?.close());

      it('has a fixture for every table with a client_id column, and none for a table without one', async () => {
        const owned = (await handle.query<{ table: string }>(clientOwnedTablesQuery)).map((row) => row.table);
        const missing = owned.filter((table) => !(table in clientTableFixtures));
        expect(
          missing.map((table) => `no isolation fixture for table ${table}`),
          'add one to packages/db/test/client-table-fixtures.ts',
        ).toEqual([]);
        const stale = Object.keys(clientTableFixtures).filter((table) => !owned.includes(table));
        expect(stale, 'fixtures for tables that have no client_id column').toEqual([]);
      });

      for (const table of Object.keys(clientTableFixtures).sort()) {
        it(`keeps ${table} rows inside their client`, async () => {
          const fixture = clientTableFixture(table);
          const write = (work: (tx: Transaction) => Promise<SQL>) =>
            fixture.writer === 'client'
              ? withClient(handle.db, a.clientId, work)
              : withPlatform(handle.db, work);
          const key = await write((tx) => fixture.insert(tx, a));
          const name = sql.identifier(table);
          const count = () =>
            outcome(withPlatform(handle.db, (tx) => tx.execute(sql`select 1 from ${name} where ${key}`)));
          expect(await count(), 'the fixture’s condition selects exactly its row').toEqual({ rows: 1 });

          const [can] = await handle.query<ClientRolePrivileges>(privilegesQuery, [table]);
          const column = sql.identifier(can?.update_column ?? 'client_id');
          const statements = {
            select: sql`select 1 from ${name} where ${key}`,
            update: sql`update ${name} set ${column} = ${column} where ${key} returning 1`,
            delete: sql`delete from ${name} where ${key} returning 1`,
          };
          const allowed = { select: can?.select, update: can?.update_column !== null, delete: can?.delete };
          const run = (clientId: string, statement: SQL) =>
            outcome(withClient(handle.db, clientId, (tx) => tx.execute(statement)));

          // Client B: the row is invisible, and no update or delete reaches it (or the role has no right at all).
          for (const verb of ['select', 'update', 'delete'] as const) {
            expect(await run(b.clientId, statements[verb]), `${verb} as client B`).toEqual(
              allowed[verb] ? { rows: 0 } : denied,
            );
          }
          // Client B cannot write a row carrying client A's id, even one referencing only A's rows.
          const smuggled = await outcome(
            withClient(handle.db, b.clientId, (tx) => fixture.insert(tx, a)).then(() => ({ rows: [] })),
          );
          expect(smuggled, 'insert as client B with client A’s id').toEqual(denied);

          // The same statements reach the row in client A's scope: B's empty answers come from isolation.
          for (const verb of ['select', 'update', 'delete'] as const) {
            expect(await run(a.clientId, statements[verb]), `${verb} as client A`).toEqual(
              allowed[verb] ? { rows: 1 } : denied,
            );
          }
          expect(await count(), 'the row is left only when client A may not delete it').toEqual({
            rows: allowed.delete ? 0 : 1,
          });
        });
      }
    },
  );
}
