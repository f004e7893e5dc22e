import { AppError } from '@renum/contracts';
import { type DatabaseHandle, jobs, withClient, withPlatform } from '@renum/db';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handleJob } from '../../src/jobs/job-handler.ts';
import type { JobQueue, JobQueueOptions } from '../../src/jobs/job-queue.ts';
import {
  createEffectsTable,
  createTestClient,
  type JobQueueTarget,
  jobRows,
  type LogLine,
  newQueueName,
  queueOptions,
  sleep,
  testJob,
  waitFor,
  waitForJobs,
} from './job-queue-harness.ts';
import { describeLocalPickUpSuite } from './local-pick-up-suite.ts';
import { describeRecoverySuite } from './recovery-suite.ts';

/** What a test of the suite gets: the database and a factory of queue instances stopped after the test. */
export interface SuiteContext {
  handle(): DatabaseHandle;
  queue(overrides?: Partial<JobQueueOptions>): { queue: JobQueue; lines: LogLine[] };
}

/**
 * The jobs port's one suite: every engine on every database runs it unchanged (embedded on PGlite and
 * on Postgres, BullMQ on Postgres and Redis).
 */
export function describeJobQueueSuite(target: JobQueueTarget): void {
  // Skipped only outside CI when Postgres or Redis is unreachable; CI fails instead (global set-up).
  describe.skipIf(target.skipReason !== null)(`job queue (${target.name})`, () => {
    let handle: DatabaseHandle;
    const started: JobQueue[] = [];
    const context: SuiteContext = {
      handle: () => handle,
      queue(overrides = {}) {
        const lines: LogLine[] = [];
        const queue = target.create(queueOptions(handle, lines, overrides));
        started.push(queue);
        return { queue, lines };
      },
    };

    beforeAll(async () => {
      handle = await target.open();
    });
    afterEach(async () => {
      await Promise.all(started.splice(0).map((queue) => queue.stop({ graceMs: 0 })));
    });
    afterAll(async () => handle?.close());

    describeDeliverySuite(context);
    describeRecoverySuite(context);
    describeLocalPickUpSuite(context);
  });
}

function describeDeliverySuite(context: SuiteContext): void {
  it('a job enqueued in a transaction that rolls back does not exist and never runs', async () => {
    const job = testJob();
    const { queue } = context.queue();
    let runs = 0;
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
        }),
      ],
    });
    const failed = withPlatform(context.handle().db, async (tx) => {
      await queue.enqueue(tx, job, { n: 1 });
      throw new Error('the caller changed its mind');
    });
    await expect(failed).rejects.toThrow('changed its mind');
    await sleep(200);
    expect(await jobRows(context.handle(), job.queue)).toEqual([]);
    expect(runs).toBe(0);
  });

  it('a committed job runs once, started by the commit rather than the poll', async () => {
    const job = testJob();
    const { queue } = context.queue({ pollMs: 60_000 });
    const seen: number[] = [];
    await queue.start({ handlers: [handleJob(job, async (payload) => void seen.push(payload.n))] });
    await sleep(100); // the first poll (at start) has passed: only the wake-up can start the job now
    const enqueued = await withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, { n: 7 }));
    await waitFor(() => seen.length === 1, 2000);
    await waitForJobs(context.handle(), job.queue, 'completed');
    const [row] = await jobRows(context.handle(), job.queue);
    expect(row).toMatchObject({ id: enqueued.id, attempts: 1, lease_token: null, last_error: null });
    expect(row?.completed_at).toBeInstanceOf(Date);
    await sleep(150);
    expect(seen).toEqual([7]);
    expect(queue.metrics().total).toMatchObject({ enqueued: 1, claimed: 1, completed: 1, error: 0 });
  });

  it('fifty jobs on two queue instances, with an idempotent handler, take effect exactly once each', async () => {
    const job = testJob(newQueueName(), { attempts: 3 });
    const effects = await createEffectsTable(context.handle());
    const deliveries = new Map<string, number>();
    const byInstance = [0, 0];
    const handler = (instance: number) =>
      handleJob(job, async (_payload, jobContext) => {
        deliveries.set(jobContext.jobId, (deliveries.get(jobContext.jobId) ?? 0) + 1);
        byInstance[instance] = (byInstance[instance] ?? 0) + 1;
        await sleep(10);
        await effects.apply(jobContext.jobId);
      });
    // Leases long enough that a loaded machine's pauses do not make a healthy worker look dead.
    const one = context.queue({ leaseMs: 5000 }).queue;
    const two = context.queue({ leaseMs: 5000 }).queue;
    await one.start({ handlers: [handler(0)], concurrency: 3 });
    await two.start({ handlers: [handler(1)], concurrency: 3 });
    const ids = await withPlatform(context.handle().db, async (tx) => {
      const enqueued = [];
      for (let n = 0; n < 50; n += 1) enqueued.push(await one.enqueue(tx, job, { n }));
      return enqueued.map((entry) => entry.id);
    });
    await waitForJobs(context.handle(), job.queue, 'completed', { count: 50, timeoutMs: 20_000 });
    expect((await effects.jobIds()).sort()).toEqual([...ids].sort());
    expect(await effects.count()).toBe(50);
    // Claims are exclusive: in a healthy run no job was even delivered twice, and both workers took some.
    expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
    expect(byInstance.every((count) => count > 0)).toBe(true);
  });

  it('a delayed job does not run before its time', async () => {
    const job = testJob();
    const { queue } = context.queue();
    let startedAt: number | null = null;
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          startedAt = Date.now();
        }),
      ],
    });
    const enqueuedAt = Date.now();
    await withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, { n: 1 }, { delayMs: 500 }));
    await sleep(300);
    expect(startedAt).toBeNull();
    expect((await jobRows(context.handle(), job.queue))[0]?.status).toBe('queued');
    await waitFor(() => startedAt !== null, 3000);
    expect(startedAt! - enqueuedAt).toBeGreaterThanOrEqual(495);
  });

  it('an idempotency key gives back the first job instead of a second', async () => {
    const job = testJob();
    const { queue } = context.queue();
    let runs = 0;
    const key = `suite-key-${job.queue}`;
    const enqueue = () =>
      withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, { n: 1 }, { idempotencyKey: key }));
    const first = await enqueue();
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
        }),
      ],
    });
    await waitForJobs(context.handle(), job.queue, 'completed');
    const second = await enqueue();
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ id: first.id, created: false });
    await sleep(150);
    expect(await jobRows(context.handle(), job.queue)).toHaveLength(1);
    expect(runs).toBe(1);
  });

  it('runs no more jobs of a queue at once than its concurrency', async () => {
    const job = testJob();
    const { queue } = context.queue();
    let now = 0;
    let most = 0;
    let done = 0;
    const handler = handleJob(job, async () => {
      now += 1;
      most = Math.max(most, now);
      await sleep(80);
      now -= 1;
      done += 1;
    });
    await queue.start({ handlers: [handler], concurrency: { [job.queue]: 2 } });
    await withPlatform(context.handle().db, async (tx) => {
      for (let n = 0; n < 8; n += 1) await queue.enqueue(tx, job, { n });
    });
    await waitFor(() => done === 8, 5000);
    expect(most).toBe(2);
  });

  it('a client transaction enqueues only for its own client, and cannot read jobs', async () => {
    const job = testJob();
    const { queue } = context.queue();
    const [mine, theirs] = [
      await createTestClient(context.handle()),
      await createTestClient(context.handle()),
    ];
    const db = context.handle().db;
    const enqueued = await withClient(db, mine, (tx) => queue.enqueue(tx, job, { n: 1 }));
    expect((await jobRows(context.handle(), job.queue))[0]).toMatchObject({
      id: enqueued.id,
      client_id: mine,
    });
    await expect(
      withClient(db, mine, (tx) => queue.enqueue(tx, job, { n: 2 }, { clientId: theirs })),
    ).rejects.toThrow();
    await expect(withClient(db, mine, (tx) => tx.select().from(jobs))).rejects.toThrow();
    const key = `client-key-${job.queue}`;
    await withClient(db, theirs, (tx) => queue.enqueue(tx, job, { n: 3 }, { idempotencyKey: key }));
    // Another client's key is refused, not answered with that client's job.
    await expect(
      withClient(db, mine, (tx) => queue.enqueue(tx, job, { n: 4 }, { idempotencyKey: key })),
    ).rejects.toThrow();
    expect(await jobRows(context.handle(), job.queue)).toHaveLength(2);
  });

  it('checks the payload when enqueuing and again when claiming', async () => {
    const job = testJob();
    const { queue } = context.queue();
    const bad = { n: 'seven' } as unknown as { n: number };
    const refused = await withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, bad)).catch(
      (error: unknown) => error,
    );
    expect(AppError.isInstance(refused) && refused.code).toBe('VALIDATION_ERROR');
    // A row whose payload no longer matches (written by an older deploy, say) is dead on claim.
    await withPlatform(context.handle().db, (tx) =>
      tx.insert(jobs).values({ id: crypto.randomUUID(), queue: job.queue, name: job.name, payload: bad }),
    );
    let runs = 0;
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
        }),
      ],
    });
    await waitForJobs(context.handle(), job.queue, 'dead');
    expect((await jobRows(context.handle(), job.queue))[0]?.last_error).toContain('payload does not match');
    expect(runs).toBe(0);
  });
}
