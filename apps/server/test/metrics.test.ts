import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withPlatform } from '@renum/db';
import { createFailureCounter, defineJob, reportFailure } from '@renum/platform';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildApp } from '../src/app.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { root } from './deploy-manifests.ts';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const token = 'metrics-token-0123456789abcdef';
const tavilyKey = 'tvly-METRICS-CANARY-5d1e';
/** A queue no worker serves: its job waits, so depth and age are visible. */
const idleJob = defineJob({ name: 'metrics.idle', queue: 'metrics-idle', payload: z.object({}) });

/** The value of one series in a Prometheus text answer, 0 when absent. */
function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find(
      (row) =>
        (row.startsWith(`${name}{`) || row.startsWith(`${name} `)) &&
        wanted.every((pair) => row.includes(pair)),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const seriesOf = (text: string, name: string) => text.split('\n').filter((row) => row.startsWith(`${name}{`));

describe('/metrics', () => {
  let t: TestApp;
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let owner: TestSession;
  let offsetMs = 0;
  const scrape = async () => {
    const response = await t.request({ method: 'GET', url: '/metrics', token });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    tavily = await startFakeTavily({ apiKey: tavilyKey });
    t = await createTestApp(pglite, {
      metricsToken: token,
      tools: loopbackTools(tavily.url),
      models: { offline: { chunkDelayMs: 0 } },
      clock: () => new Date(Date.now() + offsetMs),
    });
    t.deps.failures = createFailureCounter();
    owner = await t.signup();
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it('does not exist without a token configured, and refuses a missing or wrong token', async () => {
    // The same platform served without a token: no route at all.
    const bare = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 65_536, publicUrl: t.deps.publicUrl } },
      deps: t.deps,
      handle: t.handle,
      run: t.run,
      manager: t.manager,
      logger: false,
      observability: { metrics: createMetrics(), metricsToken: undefined },
    });
    try {
      const absent = await bare.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(absent.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
    const missing = await t.request({ method: 'GET', url: '/metrics' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('AUTH_ERROR');
    const wrong = await t.request({ method: 'GET', url: '/metrics', token: `${token}x` });
    expect(wrong.statusCode).toBe(401);
    const client = await t.request({ method: 'GET', url: '/metrics', token: owner.accessToken });
    expect(client.statusCode).toBe(401);
  });

  it('exposes every family, and the values move after a chat turn with a tool call', async () => {
    const before = await scrape();
    for (const family of [
      'renum_http_requests_total',
      'renum_http_request_duration_seconds',
      'renum_runs_started_total',
      'renum_runs_finished_total',
      'renum_runs_in_progress',
      'renum_run_duration_seconds',
      'renum_model_call_duration_seconds',
      'renum_model_tokens_total',
      'renum_model_cost_usd_total',
      'renum_tool_calls_total',
      'renum_tool_call_duration_seconds',
      'renum_job_events_total',
      'renum_job_duration_seconds',
      'renum_job_queue_depth',
      'renum_job_oldest_age_seconds',
      'renum_background_failures_total',
      'renum_ws_connections',
      'renum_db_pool_connections',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(before, family).toContain(`# TYPE ${family} `);

    await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: owner.accessToken,
      body: { service: 'tavily', name: 'default', secret: { api_key: tavilyKey } },
    });
    const agent = await t.createAgent(owner.accessToken, {
      name: 'Pesquisador',
      system_prompt: 'Pesquise quando preciso.',
      model: 'offline/renum',
      tools: [{ name: 'web_search' }],
    });
    const conversationId = await t.openConversation(owner.accessToken, agent.id);
    const answer = await t.ask(owner.accessToken, conversationId, 'Pesquise as padarias de Curitiba');
    expect(answer.body).toContain('event: complete');
    reportFailure(
      { failures: t.deps.failures, logger: pino({ level: 'silent' }) },
      'test.kind',
      new Error('x'),
    );
    await withPlatform(t.deps.db, (tx) => t.jobs.enqueue(tx, idleJob, {}));
    offsetMs = 120_000;

    const after = await scrape();
    const model = { provider: 'offline', model: 'offline/renum' };
    const builtin = { executor: 'builtin' };
    expect(sampleOf(after, 'renum_runs_started_total', builtin)).toBe(1);
    expect(sampleOf(after, 'renum_runs_finished_total', { ...builtin, status: 'completed' })).toBe(1);
    expect(sampleOf(after, 'renum_runs_in_progress', builtin)).toBe(0);
    expect(sampleOf(after, 'renum_run_duration_seconds_count', builtin)).toBe(1);
    expect(sampleOf(after, 'renum_model_call_duration_seconds_count', model)).toBeGreaterThanOrEqual(2);
    expect(sampleOf(after, 'renum_model_tokens_total', { ...model, direction: 'input' })).toBeGreaterThan(0);
    expect(sampleOf(after, 'renum_model_tokens_total', { ...model, direction: 'output' })).toBeGreaterThan(0);
    expect(after).toContain('renum_model_cost_usd_total{provider="offline",model="offline/renum"}');
    expect(sampleOf(after, 'renum_tool_calls_total', { tool: 'web_search', outcome: 'ok' })).toBe(1);
    expect(sampleOf(after, 'renum_tool_call_duration_seconds_count', { tool: 'web_search' })).toBe(1);
    expect(
      sampleOf(after, 'renum_tool_resilience_events_total', { event: 'attempt' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleOf(after, 'renum_job_events_total', { queue: 'runs', event: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleOf(after, 'renum_job_duration_seconds_count', { queue: 'runs' })).toBeGreaterThanOrEqual(1);
    expect(sampleOf(after, 'renum_job_queue_depth', { queue: 'metrics-idle', status: 'queued' })).toBe(1);
    expect(sampleOf(after, 'renum_job_oldest_age_seconds', { queue: 'metrics-idle' })).toBeGreaterThanOrEqual(
      119,
    );
    expect(sampleOf(after, 'renum_background_failures_total', { kind: 'test.kind' })).toBe(1);
    expect(sampleOf(after, 'renum_db_pool_connections', { state: 'max' })).toBe(1);
    const chatRoute = { method: 'POST', route: '/v1/conversations/:id/messages', status: '200' };
    expect(sampleOf(after, 'renum_http_requests_total', chatRoute)).toBe(1);
    expect(sampleOf(after, 'renum_http_request_duration_seconds_count', chatRoute)).toBe(1);
    // Never a client, user, conversation or run id in a label.
    for (const id of [owner.clientId, owner.userId, conversationId, agent.id])
      expect(after).not.toContain(id);
  });

  it('keeps label sets bounded after 1,000 requests to distinct ids', async () => {
    const before = await scrape();
    for (let index = 0; index < 1000; index++)
      await t.request({ method: 'GET', url: `/v1/agents/${randomUUID()}`, token: owner.accessToken });
    for (let index = 0; index < 20; index++)
      await t.request({ method: 'GET', url: `/no-such-path/${randomUUID()}` });
    const after = await scrape();
    const agentRoute = { method: 'GET', route: '/v1/agents/:id', status: '404' };
    expect(sampleOf(after, 'renum_http_requests_total', agentRoute)).toBe(1000);
    expect(sampleOf(after, 'renum_http_requests_total', { route: 'unmatched', status: '404' })).toBe(20);
    const grown =
      seriesOf(after, 'renum_http_requests_total').length -
      seriesOf(before, 'renum_http_requests_total').length;
    expect(grown).toBeLessThanOrEqual(3);
    expect(after.length).toBeLessThan(before.length + 10_000);
  });

  it('the alert rules and the Grafana dashboard name only metrics that /metrics exposes', async () => {
    const rules = parse(readFileSync(`${root}deploy/prometheus/alerts.yml`, 'utf8')) as {
      groups: { rules: { alert: string; expr: string; for?: string }[] }[];
    };
    const alerts = rules.groups.flatMap((group) => group.rules);
    const dashboard = JSON.parse(readFileSync(`${root}deploy/grafana/renum-dashboard.json`, 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const expressions = [
      ...alerts.map((rule) => rule.expr),
      ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
    ];
    expect(alerts.every((rule) => rule.alert && rule.expr)).toBe(true);
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'RenumHighErrorRate',
        'RenumJobQueueBacklog',
        'RenumToolBreakerOpen',
        'RenumBudgetExhaustion',
      ]),
    );
    const names = new Set(
      expressions.flatMap((expression) =>
        [...expression.matchAll(/\b(?:renum|nodejs|process)_[a-z0-9_]+/g)].map(([name]) =>
          name.replace(/_(bucket|count|sum)$/, ''),
        ),
      ),
    );
    expect(names.size).toBeGreaterThan(15);
    const exposed = await scrape();
    const missing = [...names].filter((name) => !exposed.includes(`# TYPE ${name} `));
    expect(missing).toEqual([]);
    // Never a series per client: no expression groups or filters by an id label.
    for (const expression of expressions) expect(expression).not.toMatch(/client|user_id|run_id/);
  });
});
