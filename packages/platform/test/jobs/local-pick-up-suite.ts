import { withClient } from '@renum/db';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { handleJob } from '../../src/jobs/job-handler.ts';
import { completeJobInTransaction } from '../../src/jobs/settle-job.ts';
import { createTestClient, jobRows, sleep, testJob, waitFor, waitForJobs } from './job-queue-harness.ts';
import type { SuiteContext } from './job-queue-suite.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Local pick-up (ADR 0029): a job stored already claimed by the process that enqueued it. */
export function describeLocalPickUpSuite(context: SuiteContext): void {
  it('runHere stores the job claimed by this process and runs it after the commit, once', async () => {
    const job = testJob();
    const clientId = await createTestClient(context.handle());
    const processId = 'local:pick-up';
    const { queue } = context.queue({ pollMs: 60_000, processId });
    const held = gate();
    const seen: Array<{ status: string | undefined; owner: string | null | undefined; relayed: boolean }> =
      [];
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          const [row] = await jobRows(context.handle(), job.queue);
          seen.push({ status: row?.status, owner: row?.lease_owner, relayed: row?.relayed_at != null });
          await held.opened;
        }),
      ],
    });
    await sleep(100); // the first poll (at start) has passed
    const claimedHere = await withClient(context.handle().db, clientId, async (tx) => {
      const prepared = queue.prepareEnqueue(tx, job, { n: 1 }, { clientId, runHere: true });
      await tx.execute(prepared.statement);
      return { by: prepared.claimedBy, elsewhere: prepared.claimedElsewhere };
    });
    expect(claimedHere).toEqual({ by: processId, elsewhere: false });
    await waitFor(() => seen.length === 1);
    // Claimed at the commit, by this process, and marked relayed (the Redis relay leaves it alone).
    expect(seen[0]).toEqual({ status: 'running', owner: processId, relayed: true });
    held.open();
    await waitForJobs(context.handle(), job.queue, 'completed');
    const [row] = await jobRows(context.handle(), job.queue);
    expect(row).toMatchObject({ attempts: 1, lease_token: null, client_id: clientId });
    await sleep(100);
    expect(seen).toHaveLength(1);
  });

  it('a claimed job in a transaction that rolls back neither exists nor runs', async () => {
    const job = testJob();
    const clientId = await createTestClient(context.handle());
    const { queue } = context.queue({ pollMs: 60_000 });
    let runs = 0;
    await queue.start({
      handlers: [
        handleJob(job, async () => {
          runs += 1;
        }),
      ],
    });
    const failed = withClient(context.handle().db, clientId, async (tx) => {
      await tx.execute(queue.prepareEnqueue(tx, job, { n: 1 }, { clientId, runHere: true }).statement);
      throw new Error('the caller changed its mind');
    });
    await expect(failed).rejects.toThrow('changed its mind');
    await sleep(150);
    expect(runs).toBe(0);
    expect(await jobRows(context.handle(), job.queue)).toEqual([]);
  });

  it('without a free slot the job is enqueued as usual, and still runs once', async () => {
    const job = testJob();
    const clientId = await createTestClient(context.handle());
    const { queue } = context.queue();
    const held = gate();
    const seen: number[] = [];
    await queue.start({
      handlers: [
        handleJob(job, async (payload) => {
          seen.push(payload.n);
          if (payload.n === 1) await held.opened;
        }),
      ],
      concurrency: 1,
    });
    const enqueue = (n: number) =>
      withClient(context.handle().db, clientId, async (tx) => {
        const prepared = queue.prepareEnqueue(tx, job, { n }, { clientId, runHere: true });
        await tx.execute(prepared.statement);
        return prepared.claimedBy;
      });
    expect(await enqueue(1)).toBeDefined();
    await waitFor(() => seen.length === 1);
    expect(await enqueue(2)).toBeUndefined(); // the one slot is busy
    held.open();
    await waitForJobs(context.handle(), job.queue, 'completed', { count: 2 });
    expect(seen).toEqual([1, 2]);
  });

  it('a claimed job whose process died before running it is run by another worker after its lease', async () => {
    const job = testJob(undefined, { attempts: 3 });
    const clientId = await createTestClient(context.handle());
    // Stored claimed by a process that then died: its lease runs out 300 ms from now.
    const id = crypto.randomUUID();
    await withClient(context.handle().db, clientId, (tx) =>
      tx.execute(sql`select renum_enqueue_claimed_job(${id}::uuid, ${job.queue}, ${job.name}, 1, '{"n":5}'::jsonb,
        ${clientId}::uuid, 0, 3, null, now(), ${crypto.randomUUID()}::uuid, 'dead:1', now() + interval '300 milliseconds')`),
    );
    const { queue } = context.queue();
    const seen: Array<{ n: number; attempt: number }> = [];
    await queue.start({
      handlers: [handleJob(job, async (payload, c) => void seen.push({ n: payload.n, attempt: c.attempt }))],
    });
    await waitForJobs(context.handle(), job.queue, 'completed', { timeoutMs: 10_000 });
    expect(seen).toEqual([{ n: 5, attempt: 2 }]);
  });

  it('renum_complete_job completes a job only under its lease and only for its own client', async () => {
    const job = testJob();
    const [clientId, otherClient] = [
      await createTestClient(context.handle()),
      await createTestClient(context.handle()),
    ];
    const [id, token] = [crypto.randomUUID(), crypto.randomUUID()];
    await withClient(context.handle().db, clientId, (tx) =>
      tx.execute(sql`select renum_enqueue_claimed_job(${id}::uuid, ${job.queue}, ${job.name}, 1, '{"n":1}'::jsonb,
        ${clientId}::uuid, 0, 1, null, now(), ${token}::uuid, 'elsewhere:1', now() + interval '1 minute')`),
    );
    const complete = (client: string, leaseToken: string) =>
      withClient(context.handle().db, client, async (tx) => {
        const result = (await tx.execute(
          sql`select renum_complete_job(${id}::uuid, ${leaseToken}::uuid, now()) as done`,
        )) as unknown as { rows: Array<{ done: boolean }> };
        return result.rows[0]?.done;
      });
    expect(await complete(clientId, crypto.randomUUID())).toBe(false); // not its lease
    expect(await complete(otherClient, token)).toBe(false); // not its client
    expect((await jobRows(context.handle(), job.queue))[0]?.status).toBe('running');
    expect(await complete(clientId, token)).toBe(true);
    expect((await jobRows(context.handle(), job.queue))[0]).toMatchObject({
      status: 'completed',
      lease_token: null,
    });
  });

  it('a handler that completes its job in its own transaction is not completed again by the runner', async () => {
    const job = testJob();
    const clientId = await createTestClient(context.handle());
    const { queue } = context.queue();
    const at = new Date('2030-01-02T03:04:05.000Z');
    const answers: boolean[] = [];
    await queue.start({
      handlers: [
        handleJob(job, async (_payload, jobContext) => {
          const done = await withClient(context.handle().db, clientId, async (tx) => {
            const result = (await tx.execute(
              sql`select ${completeJobInTransaction(jobContext.lease, at)} as done`,
            )) as unknown as { rows: Array<{ done: boolean }> };
            return result.rows[0]?.done === true;
          });
          answers.push(done);
          return done ? { completed: true } : undefined;
        }),
      ],
    });
    await withClient(context.handle().db, clientId, (tx) => queue.enqueue(tx, job, { n: 1 }, { clientId }));
    await waitForJobs(context.handle(), job.queue, 'completed');
    await waitFor(() => queue.metrics().total.completed === 1);
    expect(answers).toEqual([true]);
    // Its own completion stands (the runner's would have written its own time, or been fenced).
    expect((await jobRows(context.handle(), job.queue))[0]?.completed_at).toEqual(at);
    expect(queue.metrics().total).toMatchObject({ completed: 1, error: 0 });
  });
}
