import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, sendAhead, withClient, withPlatform } from '../src/index.ts';

/** The SQLSTATE of `error` or of the first of its causes that has one. */
function codeOf(error: unknown): unknown {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (code !== undefined) return code;
  }
  return undefined;
}

/** The failure of `promise`, or a failed test when it resolves. */
async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the transaction should have failed'),
    (error: unknown) => error,
  );
}

/**
 * ADR 0079: a statement sent ahead (`sendAhead`) is not awaited by its caller at once; the transaction waits
 * for it before committing and fails with its failure, which is never lost.
 */
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`statements sent ahead (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientId = randomUUID();
    const insertContact = (id: string) =>
      sql`insert into contacts (id, client_id, name) values (${id}, ${clientId}, 'sent ahead')`;
    const stored = async (id: string) =>
      (
        (await withPlatform(handle.db, (tx) =>
          tx.execute(sql`select 1 from contacts where id = ${id}`),
        )) as unknown as {
          rows: unknown[];
        }
      ).rows.length;

    beforeAll(async () => {
      handle = await target.open();
      await withPlatform(handle.db, (tx) =>
        tx.execute(sql`insert into clients (id, name, slug) values (${clientId}, 'C', ${`c-${clientId}`})`),
      );
    });
    afterAll(async () => handle?.close());

    it('is seen by the statement behind it, and answers when awaited', async () => {
      const id = randomUUID();
      const count = await withClient(handle.db, clientId, async (tx) => {
        const ahead = sendAhead(tx, tx.execute(insertContact(id)));
        const behind = await tx.execute(sql`select count(*)::int as n from contacts where id = ${id}`);
        await ahead;
        return (behind as unknown as { rows: Array<{ n: number }> }).rows[0]?.n;
      });
      expect(count).toBe(1);
      expect(await stored(id)).toBe(1);
    });

    it('fails the transaction when it failed and nobody awaited it: nothing is committed past it', async () => {
      const id = randomUUID();
      const failure = await failureOf(
        withClient(handle.db, clientId, async (tx) => {
          await tx.execute(insertContact(id));
          sendAhead(tx, tx.execute(sql`select * from no_such_table`));
        }),
      );
      expect(codeOf(failure)).toBe('42P01');
      expect(await stored(id)).toBe(0);
    });

    it('fails with its own error when a statement behind it was refused because of it', async () => {
      const failure = await failureOf(
        withClient(handle.db, clientId, async (tx) => {
          sendAhead(tx, tx.execute(sql`select * from no_such_table`));
          await tx.execute(sql`select 1`);
        }),
      );
      expect(codeOf(failure)).toBe('42P01');
    });

    it('leaves the work its own error when the work saw the failure, or failed for a reason of its own', async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.name);
      process.on('warning', onWarning);
      try {
        const seen = await failureOf(
          withClient(handle.db, clientId, async (tx) => {
            const ahead = sendAhead(tx, tx.execute(sql`select * from no_such_table`));
            await ahead.catch((error: unknown) => {
              throw new Error('the read failed', { cause: error });
            });
          }),
        );
        expect((seen as Error).message).toBe('the read failed');
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).toEqual([]);

        const own = await failureOf(
          withClient(handle.db, clientId, async (tx) => {
            sendAhead(tx, tx.execute(sql`select * from no_such_table`));
            throw new Error('decided before any answer');
          }),
        );
        expect((own as Error).message).toBe('decided before any answer');
        // The statement's failure is neither thrown nor a cause of what is: it is reported, not lost.
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings).toEqual(['RenumDatabaseWarning']);
      } finally {
        process.off('warning', onWarning);
      }
    });
  });
}
