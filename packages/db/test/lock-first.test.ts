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

      it('plans the work’s statements generically with genericPlans, in that transaction only (ADR 0082)', async () => {
        const mode = (shape: Parameters<typeof withClient>[3]) =>
          withClient(
            handle.db,
            clientId,
            async (tx) => {
              const result = await tx.execute(
                sql`select current_setting('plan_cache_mode') as mode, current_setting('app.client_id') as client`,
              );
              return (result as unknown as { rows: Array<{ mode: string; client: string }> }).rows[0];
            },
            shape,
          );
        expect(await mode({ lockFirst, genericPlans: true })).toEqual({
          mode: 'force_generic_plan',
          client: clientId,
        });
        expect(await mode({ genericPlans: true })).toEqual({ mode: 'force_generic_plan', client: clientId });
        // Local to the transaction: the next one on the same connection plans as the server is set to.
        expect(await mode({ lockFirst })).toEqual({ mode: 'auto', client: clientId });
        expect(await mode(undefined)).toEqual({ mode: 'auto', client: clientId });
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
          async (tx) => {
            // Its first statement is answered after the transaction's start (sent with it, ADR 0079):
            // the lock is held by then, though the work took none itself.
            await tx.execute(sql`select 1`);
            started();
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

      it.skipIf(target.name === 'pglite')(
        'takes the lock before the work’s first statement runs (a table lock is already held)',
        async () => {
          const locks = await withClient(
            handle.db,
            clientId,
            (tx) =>
              tx.execute(sql`select mode from pg_locks
                where pid = pg_backend_pid() and relation = 'agents'::regclass and mode = 'RowShareLock'`),
            { lockFirst },
          );
          expect((locks as unknown as { rows: unknown[] }).rows).toHaveLength(1);
        },
      );

      it.skipIf(target.name === 'pglite')(
        'fails with the start’s own error, and runs none of the work, when the start fails',
        async () => {
          const contactId = randomUUID();
          const failing = withClient(
            handle.db,
            clientId,
            (tx) =>
              tx.execute(sql`insert into contacts (id, client_id, name)
                values (${contactId}, ${clientId}, 'never stored')`),
            // A table that does not exist: the start's lock fails after `begin` opened the transaction.
            { lockFirst: { table: 'no_such_table', id: agentId } },
          );
          await expect(failing).rejects.toMatchObject({ code: '42P01' });
          const stored = await withPlatform(handle.db, (tx) =>
            tx.execute(sql`select 1 from contacts where id = ${contactId}`),
          );
          expect((stored as unknown as { rows: unknown[] }).rows).toHaveLength(0);
        },
      );
    },
  );
}
