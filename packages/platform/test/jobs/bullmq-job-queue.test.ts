import { withPlatform } from '@renum/db';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createBullmqJobQueue } from '../../src/jobs/bullmq-job-queue.ts';
import { handleJob } from '../../src/jobs/job-handler.ts';
import {
  createTestClient,
  engineFixture,
  jobRows,
  type LogLine,
  queueOptions,
  sleep,
  testJob,
  waitFor,
  waitForJobs,
} from './job-queue-harness.ts';
import { describeJobQueueSuite } from './job-queue-suite.ts';

const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;
const redis = testRedis();
const skipReason = postgres.skipReason ?? redis.skipReason;
/** This file's BullMQ prefix, under the run's (the global set-up deletes its keys afterwards). */
const prefix = redis.prefix('jobs').replace(/:$/, '');

// BullMQ on Postgres and Redis: the same suite as the embedded engine, with every queue instance a
// separate Redis client on one key prefix, as separate processes would be.
describeJobQueueSuite({
  name: 'bullmq on postgres + redis',
  skipReason,
  open: () => postgres.open(),
  create: (options) =>
    createBullmqJobQueue({ ...options, redisUrl: redis.url ?? '', prefix, reconcileMs: 300 }),
});

/** The engine tests' own prefix: their database is not the suite's (each `open` copies the template). */
const enginePrefix = redis.prefix('jobs_engine').replace(/:$/, '');

describe.skipIf(skipReason !== null)('bullmq engine', () => {
  const engine = engineFixture(() => postgres.open(), redis.url ?? '');

  it('keeps a delayed job in BullMQ as delayed, and a job a stopping worker handed back as due', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const options = {
      ...queueOptions(engine.handle, lines),
      redisUrl: redis.url ?? '',
      prefix: enginePrefix,
    };
    const relaying = createBullmqJobQueue(options);
    await relaying.start();
    const bullQueue = new Queue(job.queue, { connection: engine.connection, prefix: enginePrefix });
    try {
      const later = await withPlatform(engine.handle.db, (tx) =>
        relaying.enqueue(tx, job, { n: 1 }, { delayMs: 60_000 }),
      );
      await waitFor(async () => (await bullQueue.getJobState(later.id)) !== 'unknown');
      expect(await bullQueue.getJobState(later.id)).toBe('delayed');

      const stopping = createBullmqJobQueue(options);
      await stopping.start({ handlers: [handleJob(job, () => new Promise(() => {}))] });
      const now = await withPlatform(engine.handle.db, (tx) => relaying.enqueue(tx, job, { n: 2 }));
      await waitFor(async () =>
        (await jobRows(engine.handle, job.queue)).some((row) => row.status === 'running'),
      );
      await stopping.stop({ graceMs: 0 });
      // Still in Redis, due in a moment: the next worker gets it without waiting for the reconciler.
      expect(['delayed', 'waiting']).toContain(await bullQueue.getJobState(now.id));
    } finally {
      await relaying.stop();
      await bullQueue.close();
    }
  });

  it('hands a job it commits to BullMQ at once, without a relay pass, and it runs once, relayed', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    // The relay passes only at start: what reaches BullMQ after that came straight from the commit.
    const options = {
      ...queueOptions(engine.handle, lines, { pollMs: 60_000 }),
      redisUrl: redis.url ?? '',
      prefix: enginePrefix,
    };
    const enqueuing = createBullmqJobQueue(options);
    await enqueuing.start();
    const bullQueue = new Queue(job.queue, { connection: engine.connection, prefix: enginePrefix });
    let runs = 0;
    const worker = createBullmqJobQueue(options);
    try {
      await sleep(100); // the relay's pass at start is over
      const { id } = await withPlatform(engine.handle.db, (tx) => enqueuing.enqueue(tx, job, { n: 1 }));
      await waitFor(async () => (await bullQueue.getJobState(id)) !== 'unknown', 2000);
      expect(await bullQueue.getJobState(id)).toBe('waiting');
      expect((await jobRows(engine.handle, job.queue))[0]?.relayed_at).toBeNull();
      await worker.start({
        handlers: [
          handleJob(job, async () => {
            runs += 1;
          }),
        ],
      });
      await waitForJobs(engine.handle, job.queue, 'completed');
      expect(runs).toBe(1);
      expect((await jobRows(engine.handle, job.queue))[0]?.relayed_at).toBeInstanceOf(Date);
      expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    } finally {
      await Promise.all([enqueuing.stop(), worker.stop()]);
      await bullQueue.close();
    }
  });

  it('hands a job Redis lost back to the relay, and it runs', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const options = {
      ...queueOptions(engine.handle, lines),
      redisUrl: redis.url ?? '',
      prefix: enginePrefix,
      reconcileMs: 200,
    };
    const relaying = createBullmqJobQueue(options);
    await relaying.start(); // relays, runs nothing
    const { id } = await withPlatform(engine.handle.db, (tx) => relaying.enqueue(tx, job, { n: 1 }));
    await waitFor(async () => (await jobRows(engine.handle, job.queue))[0]?.relayed_at != null);
    const bullQueue = new Queue(job.queue, { connection: engine.connection, prefix: enginePrefix });
    expect(await bullQueue.getJobState(id)).not.toBe('unknown');
    await bullQueue.remove(id); // as a Redis flush or failover would
    expect(await bullQueue.getJobState(id)).toBe('unknown');
    let runs = 0;
    const worker = createBullmqJobQueue(options);
    await worker.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
        }),
      ],
    });
    try {
      await waitForJobs(engine.handle, job.queue, 'completed');
      expect(runs).toBe(1);
    } finally {
      await Promise.all([relaying.stop(), worker.stop()]);
      await bullQueue.close();
    }
  });

  it("runs a delivered job's claim hook in its claim's transaction, narrowed to the job's client, and hands the handler its answer", async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const options = {
      ...queueOptions(engine.handle, lines),
      redisUrl: redis.url ?? '',
      prefix: enginePrefix,
    };
    const clientId = await createTestClient(engine.handle);
    const enqueuing = createBullmqJobQueue(options);
    await enqueuing.start();
    const worker = createBullmqJobQueue(options);
    const seen: unknown[] = [];
    await worker.start({
      handlers: [
        handleJob(
          job,
          async (_payload, context) => {
            seen.push(context.claimed);
          },
          async (tx, payload, claim) => {
            const result = (await tx.execute(
              sql`select current_user as role, current_setting('app.client_id') as client`,
            )) as unknown as { rows: Array<{ role: string; client: string }> };
            return { ...result.rows[0], n: payload.n, attempt: claim.attempt, client_id: claim.clientId };
          },
        ),
      ],
    });
    try {
      await withPlatform(engine.handle.db, (tx) => enqueuing.enqueue(tx, job, { n: 7 }, { clientId }));
      await withPlatform(engine.handle.db, (tx) => enqueuing.enqueue(tx, job, { n: 8 })); // no client: no hook
      await waitForJobs(engine.handle, job.queue, 'completed', { count: 2 });
      expect(seen).toEqual(
        expect.arrayContaining([
          { role: 'renum_app', client: clientId, n: 7, attempt: 1, client_id: clientId },
          undefined,
        ]),
      );
      expect(lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
    } finally {
      await Promise.all([enqueuing.stop(), worker.stop()]);
    }
  });

  it('rolls the claim back with a claim hook that throws, and claims the job again without it', async () => {
    const job = testJob();
    const lines: LogLine[] = [];
    const options = {
      ...queueOptions(engine.handle, lines),
      redisUrl: redis.url ?? '',
      prefix: enginePrefix,
    };
    const clientId = await createTestClient(engine.handle);
    const enqueuing = createBullmqJobQueue(options);
    await enqueuing.start();
    const worker = createBullmqJobQueue(options);
    const seen: unknown[] = [];
    await worker.start({
      handlers: [
        handleJob<{ n: number }, undefined>(
          job,
          async (_payload, context) => {
            seen.push(context.claimed);
          },
          async () => {
            throw new Error('the hook broke');
          },
        ),
      ],
    });
    try {
      await withPlatform(engine.handle.db, (tx) => enqueuing.enqueue(tx, job, { n: 1 }, { clientId }));
      await waitForJobs(engine.handle, job.queue, 'completed', { count: 1 });
      expect(seen).toEqual([undefined]);
      // One attempt: the hook's transaction, which had counted one, was rolled back whole.
      expect((await jobRows(engine.handle, job.queue))[0]?.attempts).toBe(1);
      const warned = lines.filter((line) => line.level === 'warn');
      expect(warned).toHaveLength(1);
      expect(warned[0]?.object.err).toEqual(new Error('the hook broke'));
    } finally {
      await Promise.all([enqueuing.stop(), worker.stop()]);
    }
  });
});
