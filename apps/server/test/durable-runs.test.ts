import { randomUUID } from 'node:crypto';
import type { RunEvent } from '@renum/contracts';
import { agents, jobs, messages, runEvents, runs, withClient, withPlatform } from '@renum/db';
import {
  claimRun,
  createEmbeddedJobQueue,
  createRunManager,
  executeRun,
  type JobQueue,
  type RunDeps,
  type RunManager,
  rescueStrandedRuns,
  runEventsOfRows,
} from '@renum/platform';
import type { Executor } from '@renum/runtime';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunWorker } from '../src/workers.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;

/** A second process of the deployment: its own job queue and run manager, on the same database and bus. */
async function startWorker(
  t: TestApp,
  name: string,
  extra: Partial<RunDeps> = {},
): Promise<{ manager: RunManager; jobs: JobQueue }> {
  const queue = createEmbeddedJobQueue({
    db: t.deps.db,
    logger: pino({ level: 'error' }),
    clock: t.deps.clock,
    newId: t.deps.newId,
    processId: name,
    pollMs: 50,
    leaseMs: 1500,
  });
  const run: RunDeps = { ...t.run, jobs: queue, processId: name, ...extra };
  const manager = createRunManager({ deps: t.deps, run });
  await startRunWorker({ jobs: queue, manager, concurrency: 4 });
  return { manager, jobs: queue };
}

async function stopWorker(worker: { manager: RunManager; jobs: JobQueue }) {
  await worker.jobs.stop({ graceMs: 2000 });
  await worker.manager.drain();
  worker.manager.close();
}

describe.skipIf(postgres.skipReason !== null)('durable runs: a run belongs to no process (ADR 0009)', () => {
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;

  beforeAll(async () => {
    // An `api` process: it accepts messages and serves streams, but executes nothing itself.
    t = await createTestApp(postgres, {
      worker: false,
      models: { offline: { chunkDelayMs: 40, wordsPerChunk: 1 } },
    });
    const started = await t.startConversation({
      name: 'Durável',
      system_prompt: 'x',
      model: 'offline/renum',
    });
    owner = started.owner;
    agentId = started.agentId;
  });
  afterAll(async () => t?.close());

  const conversation = () => t.openConversation(owner.accessToken, agentId);
  const send = (conversationId: string, content: string, headers: Record<string, string> = {}) =>
    t.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      body: { content },
      headers,
    });
  const getRun = async (runId: string) =>
    (await t.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken })).json();
  const storedEvents = async (runId: string): Promise<RunEvent[]> => {
    const rows = await t.handle.query<{ payload: unknown }>(
      'select payload from run_events where run_id = $1 order by seq',
      [runId],
    );
    return runEventsOfRows(rows);
  };
  const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const assistantMessages = async (runId: string) =>
    withClient(t.deps.db, owner.clientId, (tx) =>
      tx
        .select({ id: messages.id })
        .from(messages)
        .where(sql`${messages.run_id} = ${runId} and role = 'assistant'`),
    );

  it('stores the run queued with its job in the same commit; the job carries only ids', async () => {
    const conversationId = await conversation();
    const sent = await send(conversationId, 'Olá');
    expect(sent.statusCode).toBe(202);
    expect(sent.json().run.status).toBe('queued');
    const runId = sent.json().run_id as string;
    const [job] = await withPlatform(t.deps.db, (tx) =>
      tx.select().from(jobs).where(sql`${jobs.payload}->>'run_id' = ${runId}`),
    );
    expect(job).toMatchObject({
      name: 'run.execute',
      queue: 'runs',
      status: 'queued',
      client_id: owner.clientId,
    });
    expect(job?.payload).toEqual({ run_id: runId, client_id: owner.clientId });
    // A refused send (another answer is still queued here) leaves neither a message nor a job.
    const refused = await send(conversationId, 'De novo');
    expect(refused.statusCode).toBe(409);
    const count = await withPlatform(t.deps.db, (tx) =>
      tx
        .select({ n: sql<number>`count(*)::int` })
        .from(jobs)
        .where(sql`${jobs.payload}->>'client_id' = ${owner.clientId}`),
    );
    expect(count[0]?.n).toBe(1);
    // Stopped while still queued: settled at once by the API process, and a worker starting later skips it.
    const stopped = await t.request({
      method: 'POST',
      url: `/v1/runs/${runId}/stop`,
      token: owner.accessToken,
    });
    expect(stopped.json()).toMatchObject({ status: 'stopped' });
    const worker = await startWorker(t, 'late-worker');
    try {
      await waitFor(async () => {
        const [row] = await withPlatform(t.deps.db, (tx) =>
          tx.select().from(jobs).where(eq(jobs.id, job!.id)),
        );
        return row?.status === 'completed';
      });
      expect(await getRun(runId)).toMatchObject({ status: 'stopped', claims: 0 });
      expect(await assistantMessages(runId)).toHaveLength(0);
    } finally {
      await stopWorker(worker);
    }
  });

  /** Sends a long question; resolves with its run once an answer's text is stored (it is streaming). */
  const streamingRun = async () => {
    const conversationId = await conversation();
    const sent = await send(conversationId, 'Escreva uma resposta longa sobre o clima de São Paulo e do Rio');
    const runId = sent.json().run_id as string;
    return {
      runId,
      streaming: waitFor(async () => (await storedEvents(runId)).some((e) => e.type === 'content')),
    };
  };
  /** Stops a run from this process; answers the stop's reply and how long it took. */
  const timedStop = async (runId: string) => {
    const before = performance.now();
    const stopped = await t.request({
      method: 'POST',
      url: `/v1/runs/${runId}/stop`,
      token: owner.accessToken,
    });
    return { stopped, ms: performance.now() - before };
  };

  it('runs on a worker in another process, streams to this one, and stops from here within a second', async () => {
    const worker = await startWorker(t, 'worker-b');
    try {
      const { runId, streaming } = await streamingRun();
      const watching = t.request({
        method: 'GET',
        url: `/v1/runs/${runId}/events`,
        token: owner.accessToken,
      });
      await streaming;
      expect(worker.manager.isActive(runId)).toBe(true);
      expect(t.manager.isActive(runId)).toBe(false);
      const { stopped, ms } = await timedStop(runId);
      expect(ms).toBeLessThan(1000);
      expect(stopped.json()).toMatchObject({ status: 'stopped', claims: 1 });
      expect(stopped.json().cancel_requested_at).not.toBeNull();
      const body = (await watching).body;
      expect(body).toContain('"status":"stopped"');
      const seqs = [...body.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await getRun(runId)).status).toBe('stopped'); // stays stopped
    } finally {
      await stopWorker(worker);
    }
  });

  it('stops within a second a run whose worker let the first cancel by (it took the run just after)', async () => {
    // The race of a run handed straight to a worker (ADR 0073): the cancel went out while the hand-off
    // was on its way, so the worker did not hold the run yet. Played here by a worker deaf to each run's
    // first cancel.
    const heard = new Set<string>();
    const deafOnce: RunDeps['bus'] = {
      ...t.run.bus,
      onCancel: (listener) =>
        t.run.bus.onCancel((runId) => {
          if (heard.has(runId)) listener(runId);
          heard.add(runId);
        }),
    };
    const worker = await startWorker(t, 'worker-deaf', { bus: deafOnce });
    try {
      const { runId, streaming } = await streamingRun();
      await streaming;
      expect(worker.manager.isActive(runId)).toBe(true);
      const { stopped, ms } = await timedStop(runId);
      expect(ms).toBeLessThan(1000);
      expect(stopped.json()).toMatchObject({ status: 'stopped', claims: 1 });
      expect(heard.has(runId)).toBe(true);
    } finally {
      await stopWorker(worker);
    }
  });

  /**
   * Sends a message, then plays a worker that claimed the run and its job and died: its job lease is over,
   * the run still says running. With `shown`, it had stored its first event (a watcher saw it start).
   */
  const diedWorking = async (content: string, shown: boolean) => {
    const conversationId = await conversation();
    const runId = (await send(conversationId, content)).json().run_id as string;
    const dead = await claimRun(t.deps, {
      clientId: owner.clientId,
      runId,
      processId: 'dead-worker',
      leaseMs: 30_000,
      historyTokenBudget: 4000,
    });
    expect(dead?.run.status).toBe('running');
    if (shown) {
      const event = { type: 'status', status: 'running', seq: dead!.seq.first, run_id: runId };
      await withClient(t.deps.db, owner.clientId, (tx) =>
        tx.insert(runEvents).values({
          stream_id: conversationId,
          seq: dead!.seq.first,
          client_id: owner.clientId,
          run_id: runId,
          type: 'status',
          payload: event,
        }),
      );
    }
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(jobs)
        .set({
          status: 'running',
          attempts: 1,
          lease_token: randomUUID(),
          lease_owner: 'dead-worker',
          lease_expires_at: new Date(Date.now() - 1000),
        })
        .where(sql`${jobs.payload}->>'run_id' = ${runId}`),
    );
    return runId;
  };

  it('resumes a run whose worker died: the next worker takes it over, says so, and answers once', async () => {
    const runId = await diedWorking('Olá de novo', true);
    const worker = await startWorker(t, 'worker-c');
    try {
      await waitFor(async () => (await getRun(runId)).status === 'completed');
      expect(await getRun(runId)).toMatchObject({ status: 'completed', claims: 2 });
      const events = await storedEvents(runId);
      expect(events.filter((event) => event.type === 'status' && event.resumed === true)).toHaveLength(1);
      expect(events.filter((event) => event.type === 'complete')).toHaveLength(1);
      expect(await assistantMessages(runId)).toHaveLength(1);
    } finally {
      await stopWorker(worker);
    }
  });

  it('takes over a run whose worker died before showing anything as a first attempt, not a resumed one', async () => {
    const runId = await diedWorking('Olá outra vez', false);
    const worker = await startWorker(t, 'worker-e');
    try {
      await waitFor(async () => (await getRun(runId)).status === 'completed');
      expect(await getRun(runId)).toMatchObject({ status: 'completed', claims: 2 });
      const statuses = (await storedEvents(runId)).filter((event) => event.type === 'status');
      // Nothing of it was seen: there is no partial answer to replace, so it does not say it resumes.
      expect(statuses[0]).toMatchObject({ status: 'running', content_code: 'run.processing' });
      expect(statuses.filter((event) => event.resumed === true)).toEqual([]);
      expect(await assistantMessages(runId)).toHaveLength(1);
    } finally {
      await stopWorker(worker);
    }
  });

  it('resumes a run whose job came back to the same process while it ran there (lease lapsed, then lost)', async () => {
    const conversationId = await conversation();
    const runId = (await send(conversationId, 'Explique a fatura deste mês com calma')).json()
      .run_id as string;
    const manager = createRunManager({ deps: t.deps, run: { ...t.run, processId: 'worker-lapsed' } });
    try {
      const first = new AbortController();
      const firstRun = manager.execute({ clientId: owner.clientId, runId, signal: first.signal, attempt: 1 });
      await waitFor(async () => (await storedEvents(runId)).some((event) => event.type === 'content'));
      // Its job lease lapsed under load: the queue delivered the job again, to this same process, and the
      // first delivery's heartbeat then found its lease gone, which hands the first execution back.
      const second = manager.execute({
        clientId: owner.clientId,
        runId,
        signal: new AbortController().signal,
        attempt: 2,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      first.abort(new Error('The job lease was lost to another worker'));
      expect(await firstRun).toBe('handed-back');
      expect(await second).toBe('settled');
      expect(await getRun(runId)).toMatchObject({ status: 'completed', claims: 2 });
      expect(await assistantMessages(runId)).toHaveLength(1);
    } finally {
      await manager.drain();
      manager.close();
    }
  });

  it('gives a run left unsettled with no job a new one, once, and leaves runs that have one alone', async () => {
    const strandedId = (await send(await conversation(), 'Fatura de março')).json().run_id as string;
    const waitingId = (await send(await conversation(), 'Fatura de abril')).json().run_id as string;
    // Its worker claimed it, its job then completed without settling it, and its lease lapsed long ago.
    await claimRun(t.deps, {
      clientId: owner.clientId,
      runId: strandedId,
      processId: 'gone',
      leaseMs: 30_000,
      historyTokenBudget: 4000,
    });
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(jobs)
        .set({ status: 'completed', lease_token: null, lease_expires_at: null })
        .where(sql`${jobs.payload}->>'run_id' = ${strandedId}`),
    );
    await withPlatform(t.deps.db, (tx) =>
      tx
        .update(runs)
        .set({ lease_owner: null, lease_expires_at: new Date(Date.now() - 60_000) })
        .where(eq(runs.id, strandedId)),
    );
    const rescue = () => rescueStrandedRuns(t.deps, { jobs: t.run.jobs, graceMs: 1000 });
    const rescued = (await rescue()).map((run) => run.id);
    expect(rescued).toContain(strandedId);
    expect(rescued).not.toContain(waitingId); // its job is still queued
    expect((await rescue()).map((run) => run.id)).not.toContain(strandedId); // enqueued once
    const worker = await startWorker(t, 'worker-rescue');
    try {
      await waitFor(async () => (await getRun(strandedId)).status === 'completed');
      expect(await getRun(strandedId)).toMatchObject({ status: 'completed', claims: 2 });
      expect(await assistantMessages(strandedId)).toHaveLength(1);
    } finally {
      await stopWorker(worker);
    }
  });

  it('leaves a run that met an exhausted database pool to its job retry, which resumes it', async () => {
    let failures = 0;
    const overloaded: Executor = {
      kind: 'builtin',
      start: (input) => {
        if (failures++ === 0)
          throw new Error('could not store the step', {
            cause: new Error('timeout exceeded when trying to connect'),
          });
        return t.run.executor.start(input);
      },
    };
    const worker = await startWorker(t, 'worker-overloaded', { executor: overloaded });
    try {
      const runId = (await send(await conversation(), 'Fatura de maio')).json().run_id as string;
      await waitFor(async () => ['completed', 'failed'].includes((await getRun(runId)).status));
      expect(await getRun(runId)).toMatchObject({ status: 'completed', claims: 2 });
      expect(await assistantMessages(runId)).toHaveLength(1);
      expect(failures).toBe(2);
    } finally {
      await stopWorker(worker);
    }
  });

  it('discards everything a worker that lost the run writes (lease fence)', async () => {
    const conversationId = await conversation();
    const runId = (await send(conversationId, 'Cerca')).json().run_id as string;
    const claim = () =>
      claimRun(t.deps, {
        clientId: owner.clientId,
        runId,
        processId: 'w',
        leaseMs: 30_000,
        historyTokenBudget: 4000,
      });
    const stale = (await claim())!;
    const current = (await claim())!;
    expect(current.leaseToken).not.toBe(stale.leaseToken);
    const outcome = await executeRun({
      deps: t.deps,
      run: t.run,
      claimed: stale,
      signal: new AbortController().signal,
      onExecution: () => {},
      onCancelRequested: () => {},
      onLeaseLost: () => {},
    });
    expect(outcome).toBe('fenced');
    expect(await assistantMessages(runId)).toHaveLength(0);
    const [row] = await withClient(t.deps.db, owner.clientId, (tx) =>
      tx.select().from(runs).where(eq(runs.id, runId)),
    );
    expect(row).toMatchObject({ status: 'running', lease_token: current.leaseToken, tokens_output: 0 });
    const ledger = await t.handle.query<{ n: number }>(
      'select count(*)::int as n from renum_ai_usage_logs where run_id = $1',
      [runId],
    );
    expect(ledger[0]?.n).toBe(0);
    await t.request({ method: 'POST', url: `/v1/runs/${runId}/stop`, token: owner.accessToken });
  });

  it('runs each agent on the executor it names, not one per process', async () => {
    const started: string[] = [];
    const second: Executor = {
      kind: 'second',
      start: (input) => {
        started.push(input.runId);
        return t.run.executor.start(input);
      },
    };
    const worker = await startWorker(t, 'worker-executors', { executors: { second } });
    try {
      const other = await t.createAgent(owner.accessToken, {
        name: 'Outro',
        system_prompt: 'x',
        model: 'offline/renum',
      });
      expect(other.executor).toBe('builtin');
      const refused = await t.request({
        method: 'PATCH',
        url: `/v1/agents/${other.id}`,
        token: owner.accessToken,
        body: { executor: 'suna' },
      });
      expect(refused.statusCode).toBe(400);
      // An executor this deployment has but the API does not offer yet (as Suna will be), set directly.
      await withClient(t.deps.db, owner.clientId, (tx) =>
        tx.update(agents).set({ executor: 'second' }).where(eq(agents.id, other.id)),
      );
      const onSecond = await t.openConversation(owner.accessToken, other.id);
      const viaSecond = (await send(onSecond, 'Oi')).json();
      expect(viaSecond.run.executor).toBe('second');
      const onBuiltin = (await send(await conversation(), 'Oi')).json();
      await waitFor(async () => (await getRun(viaSecond.run_id)).status === 'completed');
      await waitFor(async () => (await getRun(onBuiltin.run_id)).status === 'completed');
      expect(started).toEqual([viaSecond.run_id]);
      expect(onBuiltin.run.executor).toBe('builtin');
    } finally {
      await stopWorker(worker);
    }
  });

  it('answers a send retried with the same Idempotency-Key with the first run, storing nothing twice', async () => {
    const conversationId = await conversation();
    const key = `retry-${randomUUID()}`;
    const first = await send(conversationId, 'Uma vez só', { 'idempotency-key': key });
    const again = await send(conversationId, 'Uma vez só', { 'idempotency-key': key });
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.json().run_id).toBe(first.json().run_id);
    expect(again.json().message.id).toBe(first.json().message.id);
    const stored = await withClient(t.deps.db, owner.clientId, (tx) =>
      tx.select({ id: messages.id }).from(messages).where(eq(messages.conversation_id, conversationId)),
    );
    expect(stored).toHaveLength(1);
    const other = await conversation();
    const elsewhere = await send(other, 'Outra conversa', { 'idempotency-key': key });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({ code: 'CONFLICT' });
    const bad = await send(other, 'Chave ruim', { 'idempotency-key': 'tem espaço' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    await t.request({
      method: 'POST',
      url: `/v1/runs/${first.json().run_id}/stop`,
      token: owner.accessToken,
    });
  });

  it("claims a run in its job claim's transaction, and leaves one whose row another transaction holds to the handler (ADR 0058)", async () => {
    const conversationId = await conversation();
    const runId = (await send(conversationId, 'Na mesma transação')).json().run_id as string;
    const manager = createRunManager({ deps: t.deps, run: { ...t.run, processId: 'claim-in-job' } });
    const claimInJob = () => withClient(t.deps.db, owner.clientId, (tx) => manager.claimInJob(tx, { runId }));
    let release!: () => void;
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const holder = withClient(t.deps.db, owner.clientId, async (tx) => {
      await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).for('update');
      holding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    try {
      await held;
      // Not waited for (a settlement holding it may be waiting for the job's row): the handler claims it.
      expect(await claimInJob()).toBeUndefined();
    } finally {
      release();
      await holder;
    }
    const claim = await claimInJob();
    expect(claim?.run.run).toMatchObject({ id: runId, status: 'running', claims: 1 });
    expect(claim?.run.context?.userMessage.text).toBe('Na mesma transação');
    expect(await manager.execute({ clientId: owner.clientId, runId, claimed: claim })).toBe('settled');
    expect(await getRun(runId)).toMatchObject({ status: 'completed' });
    // Settled: nothing left for a later claim in a job's transaction.
    expect(await claimInJob()).toBeUndefined();
    manager.close();
  });
});
