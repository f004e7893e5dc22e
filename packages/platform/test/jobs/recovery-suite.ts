import { withPlatform } from '@renum/db';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/jobs/define-job.ts';
import { handleJob } from '../../src/jobs/job-handler.ts';
import { UnrecoverableJobError } from '../../src/jobs/unrecoverable-job-error.ts';
import { jobRows, newQueueName, sleep, testJob, waitFor, waitForJobs } from './job-queue-harness.ts';
import type { SuiteContext } from './job-queue-suite.ts';

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Crashes, leases, retries, dead letters, stop and schedules: the half of the suite about failure and time. */
export function describeRecoverySuite(context: SuiteContext): void {
  it('a worker that stops renewing its lease has its job run again by another after the lease', async () => {
    const job = testJob(newQueueName(), { attempts: 3 });
    const hung = gate();
    const attempts: Array<{ worker: string; attempt: number }> = [];
    // "Dies": holds the job and never renews its lease (its heartbeat interval outlasts the test).
    const dying = context.queue({ leaseMs: 300, heartbeatMs: 60_000 }).queue;
    await dying.start({
      handlers: [
        handleJob(job, async (_p, c) => {
          attempts.push({ worker: 'dying', attempt: c.attempt });
          await hung.opened;
        }),
      ],
      concurrency: 1,
    });
    await withPlatform(context.handle().db, (tx) => dying.enqueue(tx, job, { n: 1 }));
    await waitFor(() => attempts.length === 1);
    const healthy = context.queue().queue;
    await healthy.start({
      handlers: [
        handleJob(job, async (_p, c) => void attempts.push({ worker: 'healthy', attempt: c.attempt })),
      ],
    });
    await waitForJobs(context.handle(), job.queue, 'completed', { timeoutMs: 5000 });
    expect(attempts).toEqual([
      { worker: 'dying', attempt: 1 },
      { worker: 'healthy', attempt: 2 },
    ]);
    hung.open();
  });

  it('a job whose lease expires on its last attempt is dead-lettered, not left running', async () => {
    const job = testJob(newQueueName(), { attempts: 1 });
    const hung = gate();
    const dying = context.queue({ leaseMs: 300, heartbeatMs: 60_000 });
    await dying.queue.start({ handlers: [handleJob(job, () => hung.opened)], concurrency: 1 });
    await withPlatform(context.handle().db, (tx) => dying.queue.enqueue(tx, job, { n: 1 }));
    await waitForJobs(context.handle(), job.queue, 'dead', { timeoutMs: 3000 });
    expect((await jobRows(context.handle(), job.queue))[0]).toMatchObject({
      attempts: 1,
      lease_token: null,
      last_error: 'Lease expired on attempt 1 of 1 (the worker stopped renewing it)',
    });
    expect(dying.queue.metrics().total.dead).toBe(1);
    hung.open();
  });

  it("a stale worker's late completion is fenced by the lease token and changes nothing", async () => {
    const job = testJob(newQueueName(), { attempts: 3 });
    const staleGate = gate();
    const freshGate = gate();
    let freshStarted = false;
    const stale = context.queue({ leaseMs: 300, heartbeatMs: 60_000 });
    await stale.queue.start({ handlers: [handleJob(job, () => staleGate.opened)], concurrency: 1 });
    await withPlatform(context.handle().db, (tx) => stale.queue.enqueue(tx, job, { n: 1 }));
    await waitForJobs(context.handle(), job.queue, 'running');
    const fresh = context.queue().queue;
    await fresh.start({
      handlers: [
        handleJob(job, async () => {
          freshStarted = true;
          await freshGate.opened;
        }),
      ],
    });
    await waitFor(() => freshStarted, 5000);
    const [taken] = await jobRows(context.handle(), job.queue);
    staleGate.open(); // the stale worker finishes now and tries to complete the job
    await waitFor(() => stale.queue.metrics().total.fenced === 1);
    expect(
      stale.lines.some((line) => line.level === 'warn' && line.message?.includes('no longer holds')),
    ).toBe(true);
    const [after] = await jobRows(context.handle(), job.queue);
    expect(after).toMatchObject({ status: 'running', lease_token: taken?.lease_token, attempts: 2 });
    freshGate.open();
    await waitForJobs(context.handle(), job.queue, 'completed');
  });

  it('retries a failing job with growing backoff, then dead-letters it with its last error', async () => {
    const job = testJob(newQueueName(), { attempts: 3, backoff: { delayMs: 150, jitter: 0.2 } });
    const { queue, lines } = context.queue();
    const times: number[] = [];
    await queue.start({
      handlers: [
        handleJob(job, async (_p, c) => {
          times.push(Date.now());
          throw new Error(`boom ${c.attempt}`, { cause: new Error('upstream said no') });
        }),
      ],
    });
    await withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, { n: 1 }));
    await waitForJobs(context.handle(), job.queue, 'dead', { timeoutMs: 5000 });
    const [row] = await jobRows(context.handle(), job.queue);
    expect(row).toMatchObject({ attempts: 3, lease_token: null });
    expect(row?.last_error).toBe('Error: boom 3 <- caused by Error: upstream said no');
    const [first, second, third] = times as [number, number, number];
    expect(times).toHaveLength(3);
    expect(second - first).toBeGreaterThanOrEqual(115); // 150 ms shortened by at most 20 %
    expect(third - second).toBeGreaterThanOrEqual(235); // 300 ms shortened by at most 20 %
    expect(third - second).toBeGreaterThan(second - first);
    // No failure is swallowed: each is logged with its cause, and counted.
    const failures = lines.filter((line) => line.level === 'warn' || line.level === 'error');
    expect(failures.map((line) => [line.level, (line.object.err as Error).message])).toEqual([
      ['warn', 'boom 1'],
      ['warn', 'boom 2'],
      ['error', 'boom 3'],
    ]);
    expect(queue.metrics().queues[job.queue]).toMatchObject({ retried: 2, dead: 1, completed: 0 });
  });

  it('an UnrecoverableJobError dead-letters the job without retrying', async () => {
    const job = testJob(newQueueName(), { attempts: 5, backoff: { delayMs: 10 } });
    const { queue } = context.queue();
    let runs = 0;
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
          throw new UnrecoverableJobError('the record is gone');
        }),
      ],
    });
    await withPlatform(context.handle().db, (tx) => queue.enqueue(tx, job, { n: 1 }));
    await waitForJobs(context.handle(), job.queue, 'dead');
    await sleep(150);
    expect(runs).toBe(1);
    expect((await jobRows(context.handle(), job.queue))[0]).toMatchObject({
      attempts: 1,
      last_error: 'UnrecoverableJobError: the record is gone',
    });
  });

  it('a stopping worker hands a running job back, and another worker runs it', async () => {
    const job = testJob(newQueueName(), { attempts: 1 });
    const stopping = context.queue();
    let aborted = false;
    await stopping.queue.start({
      handlers: [
        handleJob(job, (_p, c) => {
          c.signal.addEventListener('abort', () => {
            aborted = true;
          });
          return new Promise(() => {}); // never finishes by itself
        }),
      ],
    });
    await withPlatform(context.handle().db, (tx) => stopping.queue.enqueue(tx, job, { n: 1 }));
    await waitForJobs(context.handle(), job.queue, 'running');
    await stopping.queue.stop({ graceMs: 100 });
    expect(aborted).toBe(true);
    expect((await jobRows(context.handle(), job.queue))[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
      lease_token: null,
    });
    expect(stopping.queue.metrics().total.released).toBe(1);
    let attempt = 0;
    const next = context.queue().queue;
    await next.start({
      handlers: [
        handleJob(job, async (_p, c) => {
          attempt = c.attempt;
        }),
      ],
    });
    await waitForJobs(context.handle(), job.queue, 'completed');
    expect(attempt).toBe(1);
  });

  it('a repeatable job runs once per tick although two processes schedule it', async () => {
    const queue = newQueueName();
    const job = defineJob({
      name: 'suite.tick',
      queue,
      payload: z.object({}).strict(),
      retry: { attempts: 1 },
    });
    const ticks: string[] = [];
    const key = `tick-${queue}`;
    const instances = [context.queue().queue, context.queue().queue];
    for (const instance of instances) {
      instance.schedule(job, '* * * * * *', { key, payload: {}, timezone: 'America/Sao_Paulo' });
      await instance.start({
        handlers: [handleJob(job, async (_p, c) => void ticks.push(c.runAt.toISOString()))],
      });
    }
    // At least two ticks, however loaded the machine (a fixed wait saw one tick under load).
    for (let waited = 0; ticks.length < 2 && waited < 20_000; waited += 100) await sleep(100);
    for (const instance of instances) await instance.stop({ graceMs: 1000 });
    await sleep(100);
    const rows = await jobRows(context.handle(), queue);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row.idempotency_key).toBe(`${key}:${row.run_at.toISOString()}`);
      expect(row.run_at.getMilliseconds()).toBe(0);
    }
    const completed = rows.filter((row) => row.status === 'completed').map((row) => row.run_at.toISOString());
    expect([...ticks].sort()).toEqual(completed.sort());
    expect(new Set(ticks).size).toBe(ticks.length);
  });
}
