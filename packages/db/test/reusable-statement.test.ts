import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineWrites,
  contacts,
  type DatabaseHandle,
  placeholderRow,
  prefixRow,
  reusableStatement,
  withClient,
  withPlatform,
} from '../src/index.ts';
import { clients } from '../src/schema.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`reusableStatement (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientId = randomUUID();
    const builds: string[] = [];
    // An insert of every column and, in the other variant, an update of two, each ending in a read.
    const write = reusableStatement<'insert' | 'rename'>('test_reusable_contact', (tx, variant) => {
      builds.push(variant);
      return variant === 'insert'
        ? combineWrites([
            tx.insert(contacts).values(placeholderRow(contacts, 'c_')),
            sql`select ${sql.placeholder('c_id')}::uuid as id`,
          ])
        : combineWrites([
            tx
              .update(contacts)
              .set(placeholderRow(contacts, 'c_', ['name', 'metadata']))
              .where(eq(contacts.id, sql.placeholder('c_id')))
              .returning({ id: contacts.id }),
            sql`select count(*)::int as updated from w0`,
          ]);
    });
    const contact = (id: string, name: string | null) => ({
      id,
      client_id: clientId,
      external_id: null,
      name,
      phone: null,
      email: 'ana@example.com',
      metadata: { tags: ['a', 'b'], nested: { n: 1 } },
      created_at: new Date('2026-01-02T03:04:05.678Z'),
      updated_at: new Date('2026-01-02T03:04:05.678Z'),
    });
    const read = (id: string) =>
      withClient(
        handle.db,
        clientId,
        async (tx) => (await tx.select().from(contacts).where(eq(contacts.id, id)))[0],
      );

    beforeAll(async () => {
      handle = await target.open();
      await withPlatform(handle.db, (tx) =>
        tx.insert(clients).values({ id: clientId, name: 'C', slug: `c-${clientId}` }),
      );
    });
    afterAll(() => handle.close());

    it('builds each variant once and stores values (dates, JSON, nulls) as Drizzle’s own insert does', async () => {
      const [viaStatement, viaDrizzle, second] = [randomUUID(), randomUUID(), randomUUID()];
      const rows = await withClient(handle.db, clientId, (tx) =>
        write(tx, 'insert', prefixRow(contacts, 'c_', contact(viaStatement, null))),
      );
      expect(rows).toEqual([{ id: viaStatement }]);
      await withClient(handle.db, clientId, (tx) =>
        write(tx, 'insert', prefixRow(contacts, 'c_', contact(second, 'Bia'))),
      );
      await withClient(handle.db, clientId, (tx) => tx.insert(contacts).values(contact(viaDrizzle, null)));
      const [stored, expected] = [await read(viaStatement), await read(viaDrizzle)];
      expect({ ...stored, id: viaDrizzle }).toEqual(expected);
      expect(stored?.name).toBeNull(); // SQL null, not the text "null"
      expect(stored?.metadata).toEqual({ tags: ['a', 'b'], nested: { n: 1 } });
      expect((await read(second))?.name).toBe('Bia');

      const renamed = await withClient(handle.db, clientId, (tx) =>
        write(tx, 'rename', prefixRow(contacts, 'c_', { id: second, name: 'Carla', metadata: { v: 2 } })),
      );
      expect(renamed).toEqual([{ updated: 1 }]);
      expect(await read(second)).toMatchObject({
        name: 'Carla',
        metadata: { v: 2 },
        email: 'ana@example.com',
      });
      expect(builds).toEqual(['insert', 'rename']);
    });

    it('runs under the transaction’s client scope: another client can neither write nor update the rows', async () => {
      const id = randomUUID();
      await expect(
        withClient(handle.db, randomUUID(), (tx) =>
          write(tx, 'insert', prefixRow(contacts, 'c_', contact(id, 'X'))),
        ),
      ).rejects.toThrow();
      expect(await read(id)).toBeUndefined();
      const mine = randomUUID();
      await withClient(handle.db, clientId, (tx) =>
        write(tx, 'insert', prefixRow(contacts, 'c_', contact(mine, 'Mine'))),
      );
      const foreign = await withClient(handle.db, randomUUID(), (tx) =>
        write(tx, 'rename', prefixRow(contacts, 'c_', { id: mine, name: 'Stolen', metadata: {} })),
      );
      expect(foreign).toEqual([{ updated: 0 }]);
      expect((await read(mine))?.name).toBe('Mine');
    });
  });
}
