import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startFakeOtlpCollector, startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracing, type Tracing } from '../src/observability/tracing.ts';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const tavilyKey = 'tvly-TRACE-CANARY-7a2f';
const systemPrompt = 'SYSTEM-PROMPT-CANARY: pesquise quando preciso.';
const question = 'Pesquise PROMPT-CANARY padarias de Curitiba';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing a chat turn', () => {
  let t: TestApp;
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let tracing: Tracing;
  let owner: TestSession;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    tavily = await startFakeTavily({ apiKey: tavilyKey });
    tracing = createTracing({ serviceName: 'renum-test', exporter });
    t = await createTestApp(pglite, {
      tracer: tracing.tracer,
      tools: loopbackTools(tavily.url),
      models: { offline: { chunkDelayMs: 0 } },
    });
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
    await tracing?.shutdown();
  });

  it('is one trace HTTP request → run → model call → tool call, with ids and no secret or prompt', async () => {
    await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: { service: 'tavily', name: 'default', secret: { api_key: tavilyKey } },
    });
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Pesquisador',
      system_prompt: systemPrompt,
      model: 'offline/renum',
      tools: [{ name: 'web_search' }],
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    exporter.reset();
    const answer = await t.ask(owner.accessToken, conversationId, question);
    expect(answer.body).toContain('event: complete');
    const runId = /"run_id":"([^"]+)"/.exec(answer.body)?.[1];
    await t.manager.drain();

    const spans = exporter.getFinishedSpans();
    const http = spans.find((span) => span.name === 'POST /v1/conversations/:id/messages');
    const run = spans.find((span) => span.name === 'renum.run');
    const chats = spans.filter((span) => span.name.startsWith('chat '));
    const tool = spans.find((span) => span.name === 'execute_tool web_search');
    expect(http && run && tool && chats.length >= 2).toBe(true);
    if (!http || !run || !tool) return;
    const traceId = http.spanContext().traceId;
    for (const span of [run, tool, ...chats]) expect(span.spanContext().traceId).toBe(traceId);
    expect(parentOf(run)).toBe(http.spanContext().spanId);
    for (const chat of chats) expect(parentOf(chat)).toBe(run.spanContext().spanId);
    expect(chats.map((chat) => chat.spanContext().spanId)).toContain(parentOf(tool));

    // The routing decided before the executor starts is a span of the same trace (ADR 0071).
    const routing = spans.find((span) => span.name === 'renum.routing');
    expect(routing?.spanContext().traceId).toBe(traceId);
    expect(routing?.attributes).toMatchObject({
      'renum.run_id': runId,
      'renum.routing.sub_agent_id': 'none',
      'renum.routing.model_calls': 0,
    });
    // The tool's outbound request to Tavily is a CLIENT span in the run (ADR 0071), its path without query.
    const outbound = spans.filter((span) => span.kind === SpanKind.CLIENT && span.attributes['url.path']);
    const search = outbound.find((span) => span.attributes['url.path'] === '/search');
    expect(search?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
    });
    expect(search?.spanContext().traceId).toBe(traceId);
    const inRun = new Set([run.spanContext().spanId, ...chats.map((chat) => chat.spanContext().spanId)]);
    expect(inRun.has(parentOf(search!) ?? '')).toBe(true);

    expect(http.attributes['http.route']).toBe('/v1/conversations/:id/messages');
    expect(http.attributes['http.response.status_code']).toBe(200);
    expect(http.attributes['renum.client_id']).toBe(owner.clientId);
    expect(run.attributes['renum.run_id']).toBe(runId);
    expect(run.attributes['renum.client_id']).toBe(owner.clientId);
    expect(run.attributes['renum.run.status']).toBe('completed');
    expect(chats[0]!.attributes['gen_ai.request.model']).toBe('offline/renum');
    expect(Number(chats[0]!.attributes['gen_ai.usage.input_tokens'])).toBeGreaterThan(0);
    expect(tool.attributes['renum.tool.is_error']).toBe(false);

    // The run stores its trace; the run page reads its id and, with a viewer configured, its link.
    t.deps.traceUrl = 'http://127.0.0.1:16686/trace/{trace_id}';
    const stored = await t.request({ method: 'GET', url: `/v1/runs/${runId}`, token: owner.accessToken });
    expect(stored.json()).toMatchObject({
      trace_id: traceId,
      trace_url: `http://127.0.0.1:16686/trace/${traceId}`,
    });

    const everyAttribute = JSON.stringify(spans.map((span) => span.attributes));
    for (const secret of [tavilyKey, owner.accessToken, 'PROMPT-CANARY', 'SYSTEM-PROMPT-CANARY', 'padarias'])
      expect(everyAttribute).not.toContain(secret);
  });

  it('continues an incoming W3C traceparent', async () => {
    exporter.reset();
    const parentTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    await t.request({
      method: 'GET',
      url: '/v1/agents',
      token: owner.accessToken,
      headers: { traceparent: `00-${parentTrace}-00f067aa0ba902b7-01` },
    });
    const span = exporter.getFinishedSpans().find((each) => each.name === 'GET /v1/agents');
    expect(span?.spanContext().traceId).toBe(parentTrace);
  });

  it('exports the chat turn over OTLP/HTTP to a collector as one readable trace', async () => {
    const collector = await startFakeOtlpCollector();
    const exported = createTracing({ serviceName: 'renum-otlp', otlpEndpoint: collector.url });
    const app = await createTestApp(pglite, {
      tracer: exported.tracer,
      models: { offline: { chunkDelayMs: 0 } },
    });
    try {
      const session = await app.signup();
      const agent = await app.createAgent(session.accessToken, {
        name: 'Exportado',
        system_prompt: systemPrompt,
        model: 'offline/renum',
      });
      const conversationId = await app.openConversation(session.accessToken, agent.id);
      const answer = await app.ask(session.accessToken, conversationId, question);
      const runId = /"run_id":"([^"]+)"/.exec(answer.body)?.[1];
      await app.manager.drain();
      await exported.shutdown(); // flushes the batch to the collector

      const spans = collector.spans();
      const run = spans.find((span) => span.name === 'renum.run');
      const http = spans.find((span) => span.name === 'POST /v1/conversations/:id/messages');
      expect(run?.attributeValues['renum.run_id']).toBe(runId);
      expect(run?.serviceName).toBe('renum-otlp');
      expect(run?.traceId).toBe(http?.traceId);
      expect(run?.parentSpanId).toBe(http?.spanId);
      expect(
        spans.filter((span) => span.traceId === run?.traceId && span.name.startsWith('chat ')).length,
      ).toBe(1);
      const stored = await app.request({
        method: 'GET',
        url: `/v1/runs/${runId}`,
        token: session.accessToken,
      });
      expect(stored.json().trace_id).toBe(run?.traceId);
      for (const body of collector.bodies)
        for (const secret of ['PROMPT-CANARY', session.accessToken]) expect(body).not.toContain(secret);
    } finally {
      await app.close();
      await collector.close();
    }
  });
});
