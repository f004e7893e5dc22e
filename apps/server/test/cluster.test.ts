import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DatabaseHandle,
  messages,
  openDatabase,
  runEvents,
  runs,
  usageLogs,
  withPlatform,
} from '@renum/db';
import { runEventsOfRows } from '@renum/platform';
import { createFreshTestDatabase, type FreshTestDatabase, testPostgresUrl, testRedis } from '@renum/testing';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  type Cluster,
  type ClusterProcess,
  startCluster,
} from '../../../scripts/cluster/cluster-processes.ts';
import { startRoundRobinProxy } from '../../../scripts/cluster/round-robin-proxy.ts';
import {
  call,
  checkStream,
  followRun,
  mapLimited,
  ok,
  readEvents,
  until,
  withDeadline,
} from './cluster-test-kit.ts';

// Issue 9's multi-process test: real server processes (2 API, 2 workers) on a fresh Postgres database
// and a fresh Redis prefix, started by the same code as `npm run cluster`.
const redis = testRedis();
const skipReason =
  redis.skipReason ?? (testPostgresUrl() === null ? inject('postgresUnavailableReason') : null);

/** Runs sent, each in its own conversation, half to each API process. */
const runCount = 100;
/** How long a worker holds a job without renewing it: a killed worker's runs are taken over after it. */
const jobLeaseMs = 3000;

describe.skipIf(skipReason !== null)('a cluster of 2 API and 2 worker processes (Postgres + Redis)', () => {
  let dataDir: string | undefined;
  let database: FreshTestDatabase;
  let handle: DatabaseHandle;
  let cluster: Cluster;
  let owner: string;
  let agentId: string;
  let apiA: ClusterProcess;
  let apiB: ClusterProcess;

  beforeAll(async () => {
    database = (await createFreshTestDatabase('cluster'))!;
    dataDir = mkdtempSync(join(tmpdir(), 'renum-cluster-'));
    cluster = await startCluster({
      databaseUrl: database.url,
      redisUrl: redis.url!,
      redisPrefix: redis.prefix('cluster').slice(0, -1),
      jwtSecret: randomBytes(32).toString('hex'),
      dataDir,
      // All four start at once (the first still migrates and seeds the demo), sharing these vault keys.
      firstAlone: false,
      startTimeoutMs: 100_000,
      environment: {
        RENUM_VAULT_KEYS: JSON.stringify({ 1: randomBytes(32).toString('base64') }),
        LOG_LEVEL: 'warn',
        // An answer of the offline model takes about a second.
        RENUM_OFFLINE_CHUNK_DELAY_MS: '80',
        RENUM_JOBS_LEASE_MS: String(jobLeaseMs),
        RENUM_JOBS_CONCURRENCY: '16',
        RENUM_SHUTDOWN_GRACE_MS: '2000',
      },
    });
    [apiA, apiB] = cluster.apis as [ClusterProcess, ClusterProcess];
    handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    const login = await ok(apiA.url, '/v1/auth/login', { body: cluster.demo!.owner });
    owner = login.access_token;
    agentId = (
      await ok(apiB.url, '/v1/agents', {
        token: owner,
        body: { name: 'Cluster', system_prompt: 'Answer briefly.', model: 'offline/renum' },
      })
    ).id;
  }, 120_000);

  // What the processes logged (warnings and errors) explains most failures.
  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      for (const child of cluster?.processes ?? [])
        console.error(`--- ${child.name} (pid ${child.pid}) ---\n${child.output().slice(-6000)}`);
    }),
  );

  afterAll(async () => {
    await cluster?.stop(10_000);
    await handle?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const conversation = async (base: string, token = owner, agent = agentId): Promise<string> =>
    (await ok(base, `/v1/agents/${agent}/conversations`, { token, body: {} })).id;

  it('runs every answer once, streams it in order on the other API process, and survives a worker killed mid-run', async () => {
    const [victim, survivor] = cluster.workers as [ClusterProcess, ClusterProcess];
    const sends = Array.from({ length: runCount }, (_, index) => ({
      accepting: index % 2 === 0 ? apiA : apiB,
      watching: index % 2 === 0 ? apiB : apiA,
    }));
    // At most 16 requests at a time: the runs still overlap on the workers, and a burst of 100 would
    // only measure how long the API processes' pools (10 connections each) make requests wait.
    const conversations = await mapLimited(sends, 16, (send) => conversation(send.accepting.url));
    const sendAll = () =>
      mapLimited(sends, 16, async (send, index) => {
        const sent = await call(send.accepting.url, `/v1/conversations/${conversations[index]}/messages`, {
          token: owner,
          body: { content: `Olá! Pode me explicar a fatura número ${index} deste mês?` },
        });
        expect(sent.status, JSON.stringify(sent.body)).toBe(202);
        const runId: string = sent.body.run_id;
        const stream = followRun(send.watching.url, owner, runId);
        stream.catch(() => undefined); // a failure is reported where the streams are awaited, below
        return { runId, stream };
      });

    // Kill a worker while it holds answers it has begun (stored events: a run handed to it is running under
    // its lease from the send on, ADR 0073); the runs it held are those left running under its lease.
    const heldBy = (pid: number) =>
      withPlatform(handle.db, (tx) =>
        tx
          .select({ id: runs.id, owner: runs.lease_owner })
          .from(runs)
          .where(
            and(
              eq(runs.status, 'running'),
              sql`exists (select 1 from ${runEvents} e where e.stream_id = ${runs.conversation_id}
                and e.run_id = ${runs.id})`,
            ),
          ),
      ).then((rows) => rows.filter((row) => row.owner?.endsWith(`:${pid}`)).map((row) => row.id));
    const killVictim = async () => {
      await until(
        'the victim worker to hold 3 running answers',
        async () => (await heldBy(victim.pid)).length >= 3,
        30_000,
      );
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      return heldBy(victim.pid);
    };
    const [sending, killing] = await Promise.allSettled([sendAll(), killVictim()]);
    if (sending.status === 'rejected') throw sending.reason;
    if (killing.status === 'rejected') throw killing.reason;
    const runsSent = sending.value;
    const takenOver = killing.value;
    expect(takenOver.length).toBeGreaterThan(0);
    const runIds = runsSent.map((sent) => sent.runId);
    const streams = await withDeadline(Promise.all(runsSent.map((sent) => sent.stream)), 60_000, () =>
      withPlatform(handle.db, (tx) =>
        tx
          .select({ id: runs.id, status: runs.status, claims: runs.claims, owner: runs.lease_owner })
          .from(runs)
          .where(and(inArray(runs.id, runIds), inArray(runs.status, ['queued', 'running']))),
      ),
    );

    const settled = await withPlatform(handle.db, (tx) =>
      tx.select().from(runs).where(inArray(runs.id, runIds)),
    );
    expect(settled).toHaveLength(runCount);
    // Taken over at most once each here, far from the INTERRUPTED limit: every answer completes.
    expect(settled.filter((run) => run.status !== 'completed')).toEqual([]);
    // The victim's runs were taken over. Others may have been claimed again too: on a loaded machine a
    // step that meets an exhausted database pool is resumed by its job's retry (docs/ARCHITECTURE.md §7).
    // The api processes run no worker: a run stored already started at the send was handed straight to
    // a worker process (ADR 0073), not through BullMQ. Most are (the rest went through BullMQ: sent before
    // the directory was first read, or to the victim as it died).
    const handedOver = settled.filter((run) => run.started_at?.getTime() === run.queued_at.getTime());
    expect(handedOver.length).toBeGreaterThan(runCount / 2);
    const claims = new Map(settled.map((run) => [run.id, run.claims]));
    for (const runId of takenOver) expect(claims.get(runId), `claims of ${runId}`).toBeGreaterThanOrEqual(2);

    // Executed once: one assistant message and one metered model call per run.
    const answers = await withPlatform(handle.db, (tx) =>
      tx
        .select({ runId: messages.run_id, total: count() })
        .from(messages)
        .where(and(inArray(messages.run_id, runIds), eq(messages.role, 'assistant')))
        .groupBy(messages.run_id),
    );
    expect(answers).toHaveLength(runCount);
    expect(answers.filter((row) => row.total !== 1)).toEqual([]);
    const metered = await withPlatform(handle.db, (tx) =>
      tx
        .select({ runId: usageLogs.run_id, total: count() })
        .from(usageLogs)
        .where(and(inArray(usageLogs.run_id, runIds), eq(usageLogs.kind, 'model')))
        .groupBy(usageLogs.run_id),
    );
    expect(metered).toHaveLength(runCount);
    expect(metered.filter((row) => row.total !== 1)).toEqual([]);

    const rows = await withPlatform(handle.db, (tx) =>
      tx
        .select({ payload: runEvents.payload })
        .from(runEvents)
        .where(inArray(runEvents.run_id, runIds))
        .orderBy(asc(runEvents.seq)),
    );
    const stored = runEventsOfRows(rows);
    const storedResumes = new Map<string, number>();
    runIds.forEach((runId, index) => {
      const events = stored.filter((event) => event.run_id === runId);
      // Each attempt that began says so once; every one after the first says it resumes (an attempt taken
      // over before it showed anything is not resumed: there was nothing to replace).
      const begun = events.flatMap((event) =>
        event.type === 'status' && event.status === 'running' ? [event] : [],
      );
      expect(
        begun.slice(1).filter((event) => event.resumed !== true),
        `attempts of ${runId}`,
      ).toEqual([]);
      const resumed = begun.filter((event) => event.resumed === true);
      expect(resumed.length).toBeLessThanOrEqual((claims.get(runId) ?? 1) - 1);
      storedResumes.set(runId, resumed.length);
      checkStream(streams[index]!, events, resumed[0]?.seq);
    });
    // The watchers of the runs taken over saw each resumed status (the stored events all arrived), and the
    // victim had begun answering some of them.
    const watchedResumes = takenOver.map(
      (runId) => streams[runIds.indexOf(runId)]!.filter(({ event }) => event.resumed === true).length,
    );
    expect(watchedResumes).toEqual(takenOver.map((runId) => storedResumes.get(runId)));
    expect(watchedResumes.some((count) => count > 0)).toBe(true);
    expect(survivor.child.exitCode).toBeNull();
  }, 120_000);

  it('stops a run from the API process that did not accept it within a second, and it stays stopped', async () => {
    const conversationId = await conversation(apiA.url);
    const response = await fetch(`${apiA.url}/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${owner}`,
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
      body: JSON.stringify({ content: 'Quero entender cada item da fatura, um por um, com calma.' }),
    });
    let answering: (runId: string) => void = () => {};
    const firstContent = new Promise<string>((resolve) => {
      answering = resolve;
    });
    const stream = readEvents(response, (event) => {
      if (event.type === 'content') answering(event.run_id);
    });
    const runId = await firstContent;
    const asked = performance.now();
    const stopped = await ok(apiB.url, `/v1/runs/${runId}/stop`, { token: owner, method: 'POST' });
    const answeredAfter = performance.now() - asked;
    expect(stopped.status).toBe('stopped');
    expect(answeredAfter).toBeLessThan(1000);
    const events = await stream;
    const last = events.at(-1)!;
    expect(last.event).toMatchObject({ type: 'status', status: 'stopped', run_id: runId });
    expect(last.at - asked).toBeLessThan(1000);

    // Longer than the rest of the answer would have taken: nothing overwrites the stop.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const later = await ok(apiA.url, `/v1/runs/${runId}`, { token: owner });
    expect(later).toMatchObject({ status: 'stopped', claims: 1 });
    const stored = runEventsOfRows(
      await withPlatform(handle.db, (tx) =>
        tx.select({ payload: runEvents.payload }).from(runEvents).where(eq(runEvents.run_id, runId)),
      ),
    );
    expect(stored.map((event) => event.type)).not.toContain('complete');
    expect(Math.max(...stored.map((event) => event.seq))).toBe(last.event.seq);
  }, 30_000);

  it('holds the per-minute quota and the concurrent-run limit across the API processes', async () => {
    const adminLogin = await ok(apiB.url, '/v1/auth/login', { body: cluster.demo!.platformAdmin });
    const burst = async (limits: Record<string, number>, sends: number) => {
      const signup = await ok(apiA.url, '/v1/auth/signup', {
        body: {
          email: `quota-${randomBytes(5).toString('hex')}@example.com`,
          password: `pw-${randomBytes(8).toString('hex')}`,
          name: 'Quota',
          client_name: `Quota ${randomBytes(3).toString('hex')}`,
        },
      });
      await ok(apiB.url, `/v1/admin/clients/${signup.client.id}/limits`, {
        method: 'PUT',
        token: adminLogin.access_token,
        body: limits,
      });
      const token: string = signup.access_token;
      const agent = await ok(apiA.url, '/v1/agents', {
        token,
        body: { name: 'Quota', system_prompt: 'x', model: 'offline/renum' },
      });
      const apis = Array.from({ length: sends }, (_, index) => (index % 2 === 0 ? apiA : apiB));
      const conversations = await Promise.all(apis.map((api) => conversation(api.url, token, agent.id)));
      return Promise.all(
        apis.map((api, index) =>
          call(api.url, `/v1/conversations/${conversations[index]}/messages`, {
            token,
            body: { content: 'Olá' },
          }),
        ),
      );
    };
    const perMinute = await burst({ requests_per_minute: 4 }, 10);
    expect(perMinute.filter((answer) => answer.status === 202)).toHaveLength(4);
    const refusedPerMinute = perMinute.filter((answer) => answer.status === 429);
    expect(refusedPerMinute).toHaveLength(6);
    for (const answer of refusedPerMinute)
      expect(answer.body).toMatchObject({ code: 'QUOTA_EXCEEDED', quota: 'requests_per_minute' });

    const concurrent = await burst({ max_concurrent_runs: 3 }, 10);
    expect(concurrent.filter((answer) => answer.status === 202)).toHaveLength(3);
    const refusedConcurrent = concurrent.filter((answer) => answer.status === 429);
    expect(refusedConcurrent).toHaveLength(7);
    for (const answer of refusedConcurrent)
      expect(answer.body).toMatchObject({ code: 'QUOTA_EXCEEDED', quota: 'concurrent_runs' });
  }, 30_000);

  it("serves the processes in turn through npm run cluster's proxy, streaming SSE as it comes", async () => {
    const survivor = cluster.workers.find(
      (worker) => worker.child.exitCode === null && !worker.child.signalCode,
    )!;
    const errors: Error[] = [];
    const byRole = await startRoundRobinProxy({
      targets: () => [apiA.url, survivor.url],
      port: 0,
      onError: (error) => errors.push(error),
    });
    try {
      const roles = [];
      for (let turn = 0; turn < 4; turn++) roles.push((await ok(byRole.url, '/ready')).role);
      expect(roles).toEqual(['api', 'worker', 'api', 'worker']);
    } finally {
      await byRole.close();
    }

    const proxy = await startRoundRobinProxy({
      targets: () => [apiA.url, apiB.url],
      port: 0,
      onError: (error) => errors.push(error),
    });
    try {
      const conversationId = await conversation(proxy.url);
      const response = await fetch(`${proxy.url}/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${owner}`,
          'content-type': 'application/json',
          accept: 'text/event-stream',
        },
        body: JSON.stringify({ content: 'Olá! Pode me explicar a fatura deste mês?' }),
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const events = await readEvents(response);
      const contents = events.filter((arrived) => arrived.event.type === 'content');
      expect(contents.length).toBeGreaterThan(5);
      expect(events.at(-1)!.event.type).toBe('complete');
      // About 80 ms between chunks upstream: a buffering proxy would deliver them all at the end.
      expect(events.at(-1)!.at - contents[0]!.at).toBeGreaterThan(300);
    } finally {
      await proxy.close();
    }
    expect(errors).toEqual([]);
  }, 30_000);
});
