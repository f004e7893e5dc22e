import { randomUUID } from 'node:crypto';
import { type DatabaseHandle, jobs, withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobs } from '../../src/jobs/claim-jobs.ts';
import { defineJob } from '../../src/jobs/define-job.ts';
import { createEmbeddedJobQueue } from '../../src/jobs/embedded-job-queue.ts';
import { jobRows, type LogLine, newQueueName, queueOptions, testPayloadSchema } from './job-queue-harness.ts';

// The poll's claim (a named statement, ADR 0081): which rows of the table it hands out, on both databases.
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`claimJobs (${target.name})`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle?.close());

    const lease = (leaseMs = 60_000) => ({
      token: randomUUID(),
      owner: 'claim-test',
      now: new Date(),
      leaseMs,
    });
    const version = (queue: string, v: number) =>
      defineJob({ name: 'claim.work', version: v, queue, payload: testPayloadSchema });

    async function enqueue(
      queue: string,
      entries: Array<{ v?: number; n: number; priority?: number; runAt?: Date }>,
    ) {
      const engine = createEmbeddedJobQueue(queueOptions(handle, [] as LogLine[]));
      return withPlatform(handle.db, async (tx) => {
        const ids: string[] = [];
        for (const entry of entries) {
          const options = { priority: entry.priority ?? 0, ...(entry.runAt ? { runAt: entry.runAt } : {}) };
          ids.push((await engine.enqueue(tx, version(queue, entry.v ?? 1), { n: entry.n }, options)).id);
        }
        return ids;
      });
    }

    it('claims due jobs of its queue and handled versions only, by priority, at most `limit`', async () => {
      const queue = newQueueName();
      const other = newQueueName();
      const [low, high, , newer] = await enqueue(queue, [
        { n: 1, priority: 5 },
        { n: 2, priority: 1 },
        { n: 3, runAt: new Date(Date.now() + 60_000) },
        { n: 4, v: 2 },
      ]);
      await enqueue(other, [{ n: 5 }]);
      const granted = lease();
      const first = await claimJobs(handle.db, { queue, keys: ['claim.work@1'], limit: 1, lease: granted });
      expect(first.map((row) => row.id)).toEqual([high]);
      expect(first[0]).toMatchObject({
        status: 'running',
        attempts: 1,
        lease_token: granted.token,
        lease_owner: 'claim-test',
      });
      expect(first[0]?.lease_expires_at?.getTime()).toBe(granted.now.getTime() + 60_000);
      const rest = await claimJobs(handle.db, { queue, keys: ['claim.work@1'], limit: 10, lease: lease() });
      expect(rest.map((row) => row.id)).toEqual([low]); // not the future one, not version 2, not the other queue
      const upgraded = await claimJobs(handle.db, {
        queue,
        keys: ['claim.work@2'],
        limit: 10,
        lease: lease(),
      });
      expect(upgraded.map((row) => row.id)).toEqual([newer]);
      expect((await jobRows(handle, other))[0]?.status).toBe('queued');
    });

    it('claims again a running job whose lease expired while it has attempts left, and counts the attempt', async () => {
      const queue = newQueueName();
      const [id] = await enqueue(queue, [{ n: 1 }]);
      const [claimed] = await claimJobs(handle.db, {
        queue,
        keys: ['claim.work@1'],
        limit: 1,
        lease: lease(1),
      });
      expect(claimed?.id).toBe(id);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [again] = await claimJobs(handle.db, { queue, keys: ['claim.work@1'], limit: 1, lease: lease() });
      expect(again).toMatchObject({ id, attempts: 2 });
      await withPlatform(handle.db, (tx) =>
        tx
          .update(jobs)
          .set({ lease_expires_at: new Date(Date.now() - 1000), max_attempts: 2 })
          .where(eq(jobs.id, id!)),
      );
      expect(await claimJobs(handle.db, { queue, keys: ['claim.work@1'], limit: 1, lease: lease() })).toEqual(
        [],
      );
    });
  });
}
