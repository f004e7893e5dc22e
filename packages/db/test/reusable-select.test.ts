import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agents,
  contacts,
  type DatabaseHandle,
  reusableSelect,
  withClient,
  withPlatform,
} from '../src/index.ts';
import { clients } from '../src/schema.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`reusableSelect (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientId = randomUUID();
    const contactId = randomUUID();
    const [withContact, withoutContact] = [randomUUID(), randomUUID()];
    const agent = (id: string, name: string, contact: string | null) => ({
      id,
      client_id: clientId,
      name,
      slug: `${name}-${id}`,
      system_prompt: `prompt of ${name}`,
      model: 'offline/renum',
      contact,
    });

    beforeAll(async () => {
      handle = await target.open();
      await withPlatform(handle.db, (tx) =>
        tx.insert(clients).values({ id: clientId, name: 'C', slug: `c-${clientId}` }),
      );
      await withClient(handle.db, clientId, async (tx) => {
        await tx.insert(contacts).values({ id: contactId, client_id: clientId, name: 'Ana' });
        for (const { contact, ...row } of [
          agent(withContact, 'first', contactId),
          agent(withoutContact, 'second', null),
        ])
          await tx.insert(agents).values(row);
      });
    });
    afterAll(() => handle.close());

    it('builds the statement once and runs it with each call’s values, mapping rows as Drizzle does', async () => {
      let builds = 0;
      // A left join on a placeholder: the contact is mapped to null when it matches nothing.
      const read = reusableSelect('test_reusable_agent', (tx) => {
        builds += 1;
        return tx
          .select({ agent: agents, contact: contacts, upper: sql<string>`upper(${agents.name})` })
          .from(agents)
          .leftJoin(contacts, eq(contacts.id, sql.placeholder('contactId')))
          .where(eq(agents.id, sql.placeholder('agentId')));
      });
      const first = await withClient(handle.db, clientId, (tx) =>
        read(tx, { agentId: withContact, contactId }),
      );
      const second = await withClient(handle.db, clientId, (tx) =>
        read(tx, { agentId: withoutContact, contactId: randomUUID() }),
      );
      expect(builds).toBe(1);
      expect(first).toHaveLength(1);
      expect(first[0]!.agent).toMatchObject({ id: withContact, system_prompt: 'prompt of first' });
      expect(first[0]!.agent.created_at).toBeInstanceOf(Date);
      expect(first[0]!.contact).toMatchObject({ id: contactId, name: 'Ana' });
      expect(first[0]!.upper).toBe('FIRST');
      expect(second).toHaveLength(1);
      expect(second[0]!.agent.id).toBe(withoutContact);
      expect(second[0]!.contact).toBeNull();
      // Still under the transaction's client scope: another client's transaction sees nothing.
      const foreign = await withClient(handle.db, randomUUID(), (tx) =>
        read(tx, { agentId: withContact, contactId }),
      );
      expect(foreign).toEqual([]);
    });
  });
}
