import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { runs } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraceParent } from '../src/observability/trace-parent.ts';
import { createTracing, type Tracing } from '../src/observability/tracing.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;
const traceParentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe.skipIf(postgres.skipReason)('a run keeps the trace it was created in (ADR 0069)', () => {
  let api: TestApp;
  let worker: TestApp;
  let owner: TestSession;
  let apiTracing: Tracing;
  let workerTracing: Tracing;
  const apiSpans = new InMemorySpanExporter();
  const workerSpans = new InMemorySpanExporter();

  beforeAll(async () => {
    // Two processes of one deployment, each with its own tracer: the API runs no job, the worker runs them.
    const jwtSecret = new TextEncoder().encode(randomBytes(32).toString('hex'));
    apiTracing = createTracing({ serviceName: 'renum-api', exporter: apiSpans });
    workerTracing = createTracing({ serviceName: 'renum-worker', exporter: workerSpans });
    api = await createTestApp(postgres, {
      auth: { jwtSecret },
      worker: false,
      tracer: apiTracing.tracer,
      models: { offline: { chunkDelayMs: 0 } },
    });
    worker = await createTestApp(postgres, {
      auth: { jwtSecret },
      worker: true,
      tracer: workerTracing.tracer,
      models: { offline: { chunkDelayMs: 0 } },
    });
    owner = await api.signup();
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await apiTracing?.shutdown();
    await workerTracing?.shutdown();
  });

  it('is executed by another process under the span of the request that sent the message', async () => {
    const agent = await api.createAgent(owner.accessToken, {
      name: 'Rastreado',
      system_prompt: 'Responda.',
      model: 'offline/renum',
    });
    const conversationId = await api.openConversation(owner.accessToken, agent.id);
    apiSpans.reset();
    const sent = await api.request({
      method: 'POST',
      url: `/v1/conversations/${conversationId}/messages`,
      token: owner.accessToken,
      body: { content: 'Olá' },
    });
    expect(sent.statusCode).toBe(202);
    const runId = sent.json().run.id as string;
    const status = await waitForRun(worker, runId);
    expect(status).toBe('completed');

    const http = apiSpans
      .getFinishedSpans()
      .find((span) => span.name === 'POST /v1/conversations/:id/messages');
    const run = workerSpans.getFinishedSpans().find((span) => span.attributes['renum.run_id'] === runId);
    expect(http && run).toBeTruthy();
    if (!http || !run) return;
    // Without the stored traceparent the worker's span starts a trace of its own.
    expect(run.spanContext().traceId).toBe(http.spanContext().traceId);
    expect(run.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    const [row] = await api.handle.db.select().from(runs).where(eq(runs.id, runId));
    expect(row?.trace_parent).toMatch(traceParentPattern);
    expect(row?.trace_parent?.split('-')[2]).toBe(http.spanContext().spanId);

    const read = await worker.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken });
    expect(read.json()).toMatchObject({ trace_id: http.spanContext().traceId, trace_url: null });
  });

  it('marks the creation with a root span when none is active (a schedule, a team step)', () => {
    apiSpans.reset();
    const traceParent = runTraceParent(apiTracing.tracer)({ runId: 'r1', clientId: 'c1' });
    const [created] = apiSpans.getFinishedSpans();
    expect(created?.name).toBe('renum.run.create');
    expect(created?.parentSpanContext).toBeUndefined();
    expect(created?.attributes).toMatchObject({ 'renum.run_id': 'r1', 'renum.client_id': 'c1' });
    expect(traceParent).toBe(`00-${created?.spanContext().traceId}-${created?.spanContext().spanId}-01`);
  });

  it('joins the active span when there is one, creating none', () => {
    apiSpans.reset();
    const joined = apiTracing.tracer.startActiveSpan('active', (span) => {
      const value = runTraceParent(apiTracing.tracer)({ runId: 'r2', clientId: 'c2' });
      span.end();
      return { value, ids: span.spanContext() };
    });
    expect(joined.value).toBe(`00-${joined.ids.traceId}-${joined.ids.spanId}-01`);
    expect(apiSpans.getFinishedSpans().map((span) => span.name)).not.toContain('renum.run.create');
  });

  it('stores none when tracing is off', async () => {
    const quiet = await createTestApp(postgres, { models: { offline: { chunkDelayMs: 0 } } });
    try {
      const session = await quiet.signup();
      const agent = await quiet.createAgent(session.accessToken, {
        name: 'Sem rastro',
        system_prompt: 'Responda.',
        model: 'offline/renum',
      });
      const conversationId = await quiet.openConversation(session.accessToken, agent.id);
      const answer = await quiet.ask(session.accessToken, conversationId, 'Olá');
      const runId = /"run_id":"([^"]+)"/.exec(answer.body)?.[1];
      const read = await quiet.request({
        method: 'GET',
        url: `/v1/runs/${runId}`,
        token: session.accessToken,
      });
      expect(read.json()).toMatchObject({ trace_id: null, trace_url: null });
    } finally {
      await quiet.close();
    }
  });
});

/** Polls the run until it ends (the worker process takes its job from Postgres). */
async function waitForRun(app: TestApp, runId: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const [row] = await app.handle.db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    if (row && !['queued', 'running'].includes(row.status)) return row.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not end within 20 s`);
}
