import { type DatabaseHandle, withClient } from '@renum/db';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createBullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import type { JobDefinition } from '../../src/jobs/define-job.ts';
import { handleJob } from '../../src/jobs/job-handler.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import {
  createTestClient,
  engineFixture,
  jobRows,
  type LogLine,
  queueOptions,
  testJob,
  waitFor,
  waitForJobs,
} from './job-queue-harness.ts';

const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;
const redis = testRedis();
const skipReason = postgres.skipReason ?? redis.skipReason;
const prefix = redis.prefix('jobs_direct').replace(/:$/, '');

/** A lease no test waits out: a job that runs in time did not get there by its lease expiring. */
const longLease = { leaseMs: 60_000 };

class Rollback extends Error {}

/**
 * Where `queue` would store a `runHere` job now (in a transaction rolled back, so nothing is enqueued),
 * once that is `expected`: the directory is read about once a second.
 */
async function waitUntilDirected(
  handle: DatabaseHandle,
  queue: JobQueue,
  job: JobDefinition<{ n: number }>,
  clientId: string,
  expected: string,
): Promise<void> {
  let seen: string | undefined;
  await waitFor(async () => {
    await withClient(handle.db, clientId, (tx) => {
      seen = queue.prepareEnqueue(tx, job, { n: 0 }, { clientId, runHere: true }).claimedBy;
      throw new Rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
    return seen === expected;
  }, 8000);
}

// ADR 0073: with BullMQ, a `runHere` job that this process cannot run is stored claimed for a live worker
// of another process and handed to it over Redis after the commit, with what the enqueuer attached.
describe.skipIf(skipReason !== null)('bullmq engine: a job handed straight to another process', () => {
  const engine = engineFixture(() => postgres.open(), redis.url ?? '');

  const open = (lines: LogLine[], processId: string) =>
    createBullmqJobQueue({
      ...queueOptions(engine.handle, lines, { ...longLease, processId }),
      redisUrl: redis.url ?? '',
      prefix,
    });

  it('stores it claimed for that worker, which runs it once with the attachment, never through BullMQ', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const clientId = await createTestClient(engine.handle);
    const api = open(lines, 'api:1');
    const worker = open(lines, 'worker:1');
    const seen: Array<{ n: number; attempt: number; received: unknown; owner: string | null | undefined }> =
      [];
    const received = new Map<number, unknown>();
    await api.start();
    await worker.start({
      handlers: [
        handleJob(
          job,
          async (payload, context) => {
            const [row] = await jobRows(engine.handle, job.queue);
            seen.push({
              ...payload,
              attempt: context.attempt,
              received: received.get(payload.n),
              owner: row?.lease_owner,
            });
          },
          undefined,
          (payload, attachment) => void received.set(payload.n, attachment),
        ),
      ],
    });
    const bullQueue = new Queue(job.queue, { connection: engine.connection, prefix });
    try {
      await waitUntilDirected(engine.handle, api, job, clientId, 'worker:1');
      const attachment = { context: { said: 'olá' }, at: new Date('2026-12-06T12:00:00Z') };
      const { id, claimedBy, claimedElsewhere } = await withClient(engine.handle.db, clientId, async (tx) => {
        const prepared = api.prepareEnqueue(
          tx,
          job,
          { n: 1 },
          { clientId, runHere: true, attachment: () => attachment },
        );
        await tx.execute(prepared.statement);
        return prepared;
      });
      expect({ claimedBy, claimedElsewhere }).toEqual({ claimedBy: 'worker:1', claimedElsewhere: true });
      await waitForJobs(engine.handle, job.queue, 'completed');
      // Run by that worker on its first attempt, with the attachment as it was (a Date stays a Date).
      expect(seen).toEqual([{ n: 1, attempt: 1, received: attachment, owner: 'worker:1' }]);
      expect(await bullQueue.getJobState(id)).toBe('unknown');
      expect(lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
    } finally {
      await Promise.all([api.stop(), worker.stop()]);
      await bullQueue.close();
    }
  });

  it('releases a job no one received and hands it to BullMQ at once, where it runs once', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const clientId = await createTestClient(engine.handle);
    const api = open(lines, 'api:2');
    await api.start();
    // A worker announced a moment ago that no longer listens (killed): the only one the api knows.
    const announce = () => engine.connection.zadd(`${prefix}:workers:${job.queue}`, Date.now(), 'gone:1');
    await announce();
    const announcing = setInterval(() => void announce(), 200);
    const seen: Array<{ n: number; attempt: number }> = [];
    const worker = open(lines, 'late:1');
    try {
      await waitUntilDirected(engine.handle, api, job, clientId, 'gone:1');
      await withClient(engine.handle.db, clientId, async (tx) => {
        const prepared = api.prepareEnqueue(tx, job, { n: 2 }, { clientId, runHere: true });
        expect(prepared.claimedBy).toBe('gone:1');
        await tx.execute(prepared.statement);
      });
      // Released (not counted as an attempt) and handed to BullMQ, long before its 60 s lease.
      await waitFor(async () => (await jobRows(engine.handle, job.queue))[0]?.status === 'queued', 3000);
      expect((await jobRows(engine.handle, job.queue))[0]).toMatchObject({ attempts: 0, lease_token: null });
      await worker.start({
        handlers: [
          handleJob(
            job,
            async (payload, context) => void seen.push({ ...payload, attempt: context.attempt }),
          ),
        ],
      });
      await waitForJobs(engine.handle, job.queue, 'completed');
      expect(seen).toEqual([{ n: 2, attempt: 1 }]);
    } finally {
      clearInterval(announcing);
      await Promise.all([api.stop(), worker.stop()]);
    }
  });

  it('a worker without a free slot hands the job over to BullMQ, and it runs once', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const clientId = await createTestClient(engine.handle);
    const api = open(lines, 'api:3');
    const worker = open(lines, 'worker:3');
    let open1!: () => void;
    const gate = new Promise<void>((resolve) => (open1 = resolve));
    const seen: Array<{ n: number; attempt: number; inBullmq: string }> = [];
    const bullQueue = new Queue(job.queue, { connection: engine.connection, prefix });
    await api.start();
    await worker.start({
      handlers: [
        handleJob(job, async (payload, context) => {
          const inBullmq = await bullQueue.getJobState(context.jobId);
          seen.push({ ...payload, attempt: context.attempt, inBullmq });
          if (payload.n === 1) await gate;
        }),
      ],
      concurrency: 1,
    });
    const enqueue = (n: number) =>
      withClient(engine.handle.db, clientId, async (tx) => {
        const prepared = api.prepareEnqueue(tx, job, { n }, { clientId, runHere: true });
        await tx.execute(prepared.statement);
        return prepared.claimedBy;
      });
    try {
      await waitUntilDirected(engine.handle, api, job, clientId, 'worker:3');
      expect(await enqueue(1)).toBe('worker:3');
      await waitFor(() => seen.length === 1);
      expect(await enqueue(2)).toBe('worker:3'); // the api cannot know the one slot is taken
      // Handed over to BullMQ, whose own worker slot (beside the local ones, ADR 0029) runs it meanwhile.
      await waitFor(() => seen.length === 2, 3000);
      open1();
      await waitForJobs(engine.handle, job.queue, 'completed', { count: 2 });
      expect(seen).toEqual([
        { n: 1, attempt: 1, inBullmq: 'unknown' },
        { n: 2, attempt: 1, inBullmq: 'active' },
      ]);
    } finally {
      open1();
      await Promise.all([api.stop(), worker.stop()]);
      await bullQueue.close();
    }
  });

  it('a stopped worker leaves the directory: the next job goes the usual way', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const clientId = await createTestClient(engine.handle);
    const api = open(lines, 'api:4');
    const worker = open(lines, 'worker:4');
    await api.start();
    await worker.start({ handlers: [handleJob(job, async () => undefined)] });
    try {
      await waitUntilDirected(engine.handle, api, job, clientId, 'worker:4');
      await worker.stop();
      expect(await engine.connection.zscore(`${prefix}:workers:${job.queue}`, 'worker:4')).toBeNull();
      await waitFor(async () => {
        let claimedBy: string | undefined = 'unknown';
        await withClient(engine.handle.db, clientId, (tx) => {
          claimedBy = api.prepareEnqueue(tx, job, { n: 0 }, { clientId, runHere: true }).claimedBy;
          throw new Rollback();
        }).catch(() => undefined);
        return claimedBy === undefined;
      }, 5000);
    } finally {
      await Promise.all([api.stop(), worker.stop()]);
    }
  });
});
