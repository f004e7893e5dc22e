import { startFakeTavily } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import type { ResilienceEvent, ToolPolicy } from '../../src/index.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { refusedPort, sleep } from '../support/local-server.ts';
import { expectNoSecret, fakeCredentials, scope, secrets, testProxy } from './proxy-test-kit.ts';

const cleanups = cleanupsAfterEach();
const credentials = fakeCredentials({
  'client-a:tavily': { credentialId: 'a', fields: { api_key: secrets.tavily } },
  'client-b:tavily': { credentialId: 'b', fields: { api_key: secrets.tavilyOther } },
});

async function setup(policy: Partial<ToolPolicy> = {}, baseUrl?: string) {
  const tavily = await startFakeTavily();
  cleanups.push(tavily.close);
  const kit = testProxy({
    credentials,
    services: { tavily: { baseUrl: baseUrl ?? tavily.url } },
    policyFor: ({ tool }) => ({ ...tool.policy, backoff: { initialDelayMs: 5, maxDelayMs: 20 }, ...policy }),
  });
  cleanups.push(kit.close);
  // Caching off: every call must reach the resilience layer.
  const tool = kit.catalog.create({ name: 'web_search', options: { cache_ttl_ms: 0 } });
  return { ...kit, tavily, tool };
}

const byClient = (key: string) => (request: { headers: Record<string, string> }) =>
  request.headers.authorization === `Bearer ${key}`;

describe('resilience through the proxy', () => {
  it('retries a 500 and answers the 200 that follows, with 2 attempts in the result, record and events', async () => {
    const { proxy, tavily, tool, records } = await setup();
    tavily.enqueue({ status: 500 });
    const events: ResilienceEvent[] = [];

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { query: 'flaky' },
      onEvent: (e) => events.push(e),
    });

    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    expect(records[0]).toMatchObject({ status: 'ok', attempts: 2 });
    expect(events.map((event) => event.type)).toEqual(['attempt', 'retry', 'attempt']);
    expect(events[1]).toMatchObject({ reason: 'HTTP 500' });
  });

  it('waits as long as Retry-After asks after a 429', async () => {
    const { proxy, tavily, tool } = await setup();
    tavily.enqueue({ status: 429, retryAfter: 1 });
    const events: ResilienceEvent[] = [];

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { query: 'slow down' },
      onEvent: (e) => events.push(e),
    });

    expect(outcome).toMatchObject({ ok: true, attempts: 2 });
    const [first, second] = tavily.requests;
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 1000,
      reason: 'HTTP 429',
    });
  });

  it('gives up with a readable error after the retries, without leaking the key', async () => {
    const { proxy, tavily, tool, records } = await setup({ retries: 2 });
    tavily.enqueue({ status: 503 }, { status: 503 }, { status: 503 });

    const outcome = await proxy.call({ ...scope, tool, input: { query: 'down' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_ERROR', attempts: 3 });
    expect(outcome.result).toBe(
      'Tavily failed (HTTP 503: Internal server error) after 3 attempts. Try again later.',
    );
    expect(records[0]).toMatchObject({ status: 'error', errorCode: 'UPSTREAM_ERROR', attempts: 3, units: 0 });
    expectNoSecret(secrets.tavily, outcome, records);
  });

  it('times out a slow service', async () => {
    const { proxy, tavily, tool } = await setup({ timeoutMs: 150, retries: 0 });
    tavily.enqueue({ delayMs: 2_000 });

    const outcome = await proxy.call({ ...scope, tool, input: { query: 'slow' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_TIMEOUT', attempts: 1 });
    expect(outcome.result).toContain('did not answer in time (150 ms)');
  });

  it('reports a service that is down as unreachable after retrying the connection', async () => {
    const port = await refusedPort();
    const { proxy, tool } = await setup({ retries: 1 }, `http://127.0.0.1:${port}`);

    const outcome = await proxy.call({ ...scope, tool, input: { query: 'anyone?' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_UNREACHABLE', attempts: 2 });
    expect(outcome.result).toContain('could not be reached');
  });

  it("opens the breaker for one client's failures and not for another client", async () => {
    const { proxy, tavily, tool } = await setup({
      retries: 0,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    });
    tavily.enqueue(
      { match: byClient(secrets.tavily), status: 500 },
      { match: byClient(secrets.tavily), status: 500 },
    );

    await proxy.call({ ...scope, tool, input: { query: 'a1' } });
    await proxy.call({ ...scope, tool, input: { query: 'a2' } });
    const refused = await proxy.call({ ...scope, tool, input: { query: 'a3' } });
    const other = await proxy.call({ ...scope, clientId: 'client-b', tool, input: { query: 'b1' } });

    expect(refused).toMatchObject({ ok: false, errorCode: 'CIRCUIT_OPEN', attempts: 0 });
    expect(refused.result).toContain('circuit breaker open');
    expect(other.ok).toBe(true);
    expect(tavily.requests).toHaveLength(3);
    expect(proxy.resilience.breakerState({ clientId: 'client-a', tool: 'web_search' })).toBe('open');
    expect(proxy.resilience.breakerState({ clientId: 'client-b', tool: 'web_search' })).toBe('closed');
  });

  it('lets a trial call through after the cool-down and closes the breaker when it succeeds', async () => {
    const { proxy, tavily, tool } = await setup({
      retries: 0,
      breaker: { consecutiveFailures: 1, halfOpenAfterMs: 100 },
    });
    tavily.enqueue({ status: 500 });

    await proxy.call({ ...scope, tool, input: { query: 'fail' } });
    expect(proxy.resilience.breakerState({ clientId: 'client-a', tool: 'web_search' })).toBe('open');
    await sleep(150);
    const recovered = await proxy.call({ ...scope, tool, input: { query: 'ok again' } });

    expect(recovered.ok).toBe(true);
    expect(proxy.resilience.breakerState({ clientId: 'client-a', tool: 'web_search' })).toBe('closed');
  });

  it('answers a cancelled call as cancelled', async () => {
    const { proxy, tavily, tool } = await setup();
    tavily.enqueue({ delayMs: 2_000 });
    const controller = new AbortController();

    const pending = proxy.call({ ...scope, tool, input: { query: 'stop' }, signal: controller.signal });
    await tavily.waitForRequests(1);
    controller.abort();

    expect(await pending).toMatchObject({ ok: false, errorCode: 'ABORTED' });
  });
});
