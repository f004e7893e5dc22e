import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, withClient, withPlatform } from '../src/index.ts';

/**
 * ADR 0078: `withClient(…, { lockFirst })` holds the row's lock from the transaction's start, before any
 * statement of its work, so what the work reads after it is what the lock's earlier holders committed.
 */
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(
    `a row locked as the transaction begins (${target.name})`,
    () => {
      let handle: DatabaseHandle;
      const clientId = randomUUID();
      const agentId = randomUUID();
      const lockFirst = { table: 'agents', id: agentId };

      beforeAll(async () => {
        handle = await target.open();
        await withPlatform(handle.db, (tx) =>
          tx.execute(sql`insert into clients (id, name, slug) values (${clientId}, 'C', ${`c-${clientId}`})`),
        );
        await withClient(handle.db, clientId, (tx) =>
          tx.execute(sql`insert into agents (id, client_id, name, slug, model, system_prompt)
          values (${agentId}, ${clientId}, 'A', ${`a-${agentId}`}, 'm', 'p')`),
        );
      });
      afterAll(async () => handle?.close());

      it('runs the work with the row locked, in the client scope', async () => {
        const seen = await withClient(
          handle.db,
          clientId,
          (tx) => tx.execute(sql`select current_setting('app.client_id') as client`),
          { lockFirst },
        );
        expect((seen as unknown as { rows: Array<{ client: string }> }).rows[0]?.client).toBe(clientId);
      });

      it.skipIf(target.name === 'pglite')('holds the lock before the work’s first statement', async () => {
        let release: () => void = () => {};
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let started: () => void = () => {};
        const inWork = new Promise<void>((resolve) => {
          started = resolve;
        });
        const holder = withClient(
          handle.db,
          clientId,
          async () => {
            started(); // no statement of its own: the lock came with the transaction's start
            await released;
          },
          { lockFirst },
        );
        await inWork;
        const nowait = withClient(handle.db, clientId, (tx) =>
          tx.execute(sql`select 1 from agents where id = ${agentId} for update nowait`),
        );
        await expect(nowait).rejects.toMatchObject({ cause: { code: '55P03' } });
        release();
        await holder;
        await withClient(handle.db, clientId, (tx) =>
          tx.execute(sql`select 1 from agents where id = ${agentId} for update nowait`),
        );
      });
    },
  );
}
