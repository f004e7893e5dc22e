import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, combineWrites, type DatabaseHandle, withClient, withPlatform } from '../src/index.ts';
import { clients } from '../src/schema.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`combineWrites (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientId = randomUUID();
    const agent = (id: string, name: string) => ({
      id,
      client_id: clientId,
      name,
      slug: `${name}-${id}`,
      system_prompt: 'x',
      model: 'offline/renum',
    });

    beforeAll(async () => {
      handle = await target.open();
      await withPlatform(handle.db, (tx) =>
        tx.insert(clients).values({ id: clientId, name: 'C', slug: `c-${clientId}` }),
      );
    });
    afterAll(() => handle.close());

    it('runs every write in one statement, under the client scope', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      await withClient(handle.db, clientId, (tx) =>
        tx.execute(
          combineWrites([
            tx.insert(agents).values(agent(a, 'first')),
            tx.insert(agents).values(agent(b, 'second')),
          ]),
        ),
      );
      const rows = await withClient(handle.db, clientId, (tx) => tx.select({ id: agents.id }).from(agents));
      expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining([a, b]));
    });

    it('writes nothing when one part fails', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const failed = await withClient(handle.db, clientId, (tx) =>
        tx.execute(
          combineWrites([
            tx.insert(agents).values(agent(a, 'kept-out')),
            // Another client's id: refused by row-level security, so the whole statement fails.
            tx.insert(agents).values({ ...agent(b, 'foreign'), client_id: randomUUID() }),
          ]),
        ),
      ).catch((error: Error) => error);
      expect(failed).toBeInstanceOf(Error);
      const rows = await withClient(handle.db, clientId, (tx) =>
        tx.select({ id: agents.id }).from(agents).where(eq(agents.id, a)),
      );
      expect(rows).toEqual([]);
    });
  });
}
