import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '@renum/db';
import { withPlatform } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimJobs, type JobRow } from '../../src/jobs/claim-jobs.ts';
import { createEmbeddedJobQueue } from '../../src/jobs/embedded-job-queue.ts';
import { handleJob } from '../../src/jobs/job-handler.ts';
import { createJobObserver } from '../../src/jobs/job-observer.ts';
import { createJobRunner } from '../../src/jobs/job-runner.ts';
import { startOutboxRelay } from '../../src/jobs/outbox-relay.ts';
import { startPeriodicTask } from '../../src/jobs/periodic-task.ts';
import { startQueuePoller } from '../../src/jobs/queue-poller.ts';
import {
  jobRows,
  type LogLine,
  memoryLogger,
  queueOptions,
  sleep,
  testJob,
  waitFor,
} from './job-queue-harness.ts';

describe('startPeriodicTask', () => {
  it('never starts a run while the previous one is still going', async () => {
    let now = 0;
    let most = 0;
    let runs = 0;
    const stop = startPeriodicTask({
      task: async () => {
        runs += 1;
        now += 1;
        most = Math.max(most, now);
        await sleep(60);
        now -= 1;
      },
      intervalMs: 10,
      onError: () => {},
    });
    await sleep(200);
    stop();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});

describe('startQueuePoller', () => {
  /** A claim that hands out the given rows in order, one claim's worth at a time, and counts calls. */
  function rowsToClaim(ids: string[]) {
    const counter = { claims: 0 };
    const claim = async (limit: number) => {
      counter.claims += 1;
      return ids.splice(0, limit).map((id) => ({ id }) as JobRow);
    };
    return { counter, claim };
  }

  it('claims nothing more when a job finishes and nothing was left waiting', async () => {
    const { counter, claim } = rowsToClaim(['a']);
    const ran: string[] = [];
    const poller = startQueuePoller({
      concurrency: 2,
      pollMs: 60_000,
      clock: () => new Date(),
      claim,
      run: async (row) => {
        await sleep(20);
        ran.push(row.id);
      },
      onError: (error) => {
        throw error;
      },
    });
    try {
      await waitFor(() => ran.length === 1);
      await sleep(50);
      expect(counter.claims).toBe(1); // the one at start found less than a slot's worth: nothing waits
      poller.wake();
      await waitFor(() => counter.claims === 2);
    } finally {
      await poller.stop();
    }
  });

  it('claims again as soon as a slot frees when jobs were waiting for one', async () => {
    const { counter, claim } = rowsToClaim(['a', 'b', 'c']);
    const ran: string[] = [];
    const poller = startQueuePoller({
      concurrency: 1,
      pollMs: 60_000,
      clock: () => new Date(),
      claim,
      run: async (row) => {
        await sleep(20);
        ran.push(row.id);
      },
      onError: (error) => {
        throw error;
      },
    });
    try {
      await waitFor(() => ran.length === 3, 2000);
      expect(ran).toEqual(['a', 'b', 'c']);
      await waitFor(() => counter.claims === 4); // the last one finds nothing: no backlog any more
      await sleep(50);
      expect(counter.claims).toBe(4);
    } finally {
      await poller.stop();
    }
  });
});

const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;

// The parts the BullMQ engine adds around the shared runner, against a slow or unreachable Redis.
describe.skipIf(postgres.skipReason !== null)('engine parts on a slow Redis', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await postgres.open();
  });
  afterAll(async () => handle?.close());

  async function enqueueOne() {
    const job = testJob();
    const lines: LogLine[] = [];
    const queue = createEmbeddedJobQueue(queueOptions(handle, lines));
    await withPlatform(handle.db, (tx) => queue.enqueue(tx, job, { n: 1 }));
    return job;
  }

  it('a relay whose delivery hangs gives up, rolls back and leaves the rows to the next pass', async () => {
    const job = await enqueueOne();
    const errors: unknown[] = [];
    let attempts = 0;
    const relay = startOutboxRelay({
      db: handle.db,
      clock: () => new Date(),
      pollMs: 60_000,
      deliverTimeoutMs: 100,
      deliver: async (rows) => {
        if (rows.some((row) => row.queue === job.queue)) attempts += 1;
        await new Promise(() => {}); // Redis never answers
      },
      onError: (error) => errors.push(error),
    });
    await waitFor(() => errors.length > 0, 3000);
    relay.wake(); // a second pass can lock the same rows: the first released them
    await waitFor(() => attempts >= 2, 3000);
    await relay.stop();
    expect(String(errors[0])).toContain('took more than 100 ms');
    expect((await jobRows(handle, job.queue))[0]?.relayed_at).toBeNull();
  });

  it('hands back at once a job claimed while the runner drains (a delivery already on its way)', async () => {
    const job = await enqueueOne();
    let runs = 0;
    const runner = createJobRunner({
      db: handle.db,
      clock: () => new Date(),
      random: Math.random,
      observer: createJobObserver({ logger: memoryLogger([]) }),
      handlers: new Map([
        [
          job.key,
          handleJob(job, async () => {
            runs += 1;
          }) as never,
        ],
      ]),
      leaseMs: 1000,
      heartbeatMs: 300,
    });
    await runner.drain(0);
    const lease = { token: randomUUID(), owner: 'test', now: new Date(), leaseMs: 1000 };
    const [row] = await claimJobs(handle.db, { queue: job.queue, keys: [job.key], limit: 1, lease });
    expect(await runner.run(row!)).toEqual({ type: 'released' });
    expect(runs).toBe(0);
    expect((await jobRows(handle, job.queue))[0]).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it("renews a running job's lease although its Redis lock renewal hangs", async () => {
    const job = await enqueueOne();
    const lines: LogLine[] = [];
    const observer = createJobObserver({ logger: memoryLogger(lines) });
    const runner = createJobRunner({
      db: handle.db,
      clock: () => new Date(),
      random: Math.random,
      observer,
      handlers: new Map([
        [
          job.key,
          handleJob(job, async () => {
            await sleep(900);
          }) as never,
        ],
      ]),
      leaseMs: 300,
      heartbeatMs: 100,
    });
    const lease = { token: randomUUID(), owner: 'test', now: new Date(), leaseMs: 300 };
    const [row] = await claimJobs(handle.db, { queue: job.queue, keys: [job.key], limit: 1, lease });
    const running = runner.run(row!, { onHeartbeat: () => new Promise(() => {}) });
    await sleep(700);
    const [during] = await jobRows(handle, job.queue);
    expect(during?.lease_expires_at?.getTime()).toBeGreaterThan(Date.now());
    expect(await running).toEqual({ type: 'completed' });
  });
});
