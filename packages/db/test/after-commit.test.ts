import { testDatabaseTargets } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterCommit, type DatabaseHandle, withPlatform } from '../src/index.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`afterCommit (${target.name})`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle?.close());

    it('runs a callback once the transaction has committed, and never after a rollback', async () => {
      const calls: string[] = [];
      const answer = await withPlatform(handle.db, async (tx) => {
        expect(afterCommit(tx, () => calls.push('committed'))).toBe(true);
        await tx.execute(sql`select 1`);
        expect(calls).toEqual([]); // not before the commit
        return 'done';
      });
      expect(answer).toBe('done');
      await Promise.resolve();
      expect(calls).toEqual(['committed']);

      const failed = withPlatform(handle.db, async (tx) => {
        afterCommit(tx, () => calls.push('rolled back'));
        throw new Error('abandoned');
      });
      await expect(failed).rejects.toThrow('abandoned');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls).toEqual(['committed']);
    });

    it('refuses a nested transaction, which has no commit of its own', async () => {
      await withPlatform(handle.db, (tx) =>
        tx.transaction(async (nested) => {
          expect(afterCommit(nested, () => {})).toBe(false);
        }),
      );
    });
  });
}
