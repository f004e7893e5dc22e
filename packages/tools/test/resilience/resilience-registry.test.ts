import { afterAll, describe, expect, it } from 'vitest';
import {
  createEgressClient,
  createResilienceRegistry,
  ResilienceError,
  type ResilienceEvent,
  type ResilienceKey,
  type ToolPolicy,
} from '../../src/index.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import {
  type LocalHandler,
  type LocalServer,
  loopbackOnlyConnector,
  refusedPort,
  sleep,
  startLocalServer,
} from '../support/local-server.ts';

// Every call goes through the egress client to 127.0.0.1 fakes, allowlisted by CIDR.
const { connector } = loopbackOnlyConnector();
const egress = createEgressClient({ allow: ['127.0.0.0/8'], connector });
const cleanups = cleanupsAfterEach();
afterAll(() => egress.close());

async function server(handler: LocalHandler): Promise<LocalServer> {
  const started = await startLocalServer(handler);
  cleanups.push(started.close);
  return started;
}

const fast: ToolPolicy = {
  kind: 'business-api',
  sideEffects: false,
  retries: 2,
  backoff: { initialDelayMs: 5, maxDelayMs: 20 },
};

/** A registry with `policy` for every key, its events in `events` (each also handed to `onEvent`). */
function setup(policy: ToolPolicy = fast, onEvent: (event: ResilienceEvent) => void = () => {}) {
  const events: ResilienceEvent[] = [];
  const registry = createResilienceRegistry({
    policyFor: () => policy,
    onEvent: (event) => {
      events.push(event);
      onEvent(event);
    },
  });
  return { registry, events };
}

const key: ResilienceKey = { clientId: 'client-a', tool: 'web_search' };

async function call(url: string, signal: AbortSignal, headers: Record<string, string> = {}) {
  const response = await egress.request(url, { signal, headers });
  return { statusCode: response.statusCode, headers: response.headers, text: await response.body.text() };
}

const status =
  (...codes: number[]): LocalHandler =>
  (_request, response, index) => {
    response.statusCode = codes[Math.min(index, codes.length - 1)] ?? 200;
    response.end('body');
  };

async function rejection(promise: Promise<unknown>): Promise<ResilienceError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!ResilienceError.isInstance(error)) throw new Error(`expected a ResilienceError, got ${String(error)}`);
  return error;
}

const types = (events: readonly ResilienceEvent[]) => events.map((event) => event.type);

describe('resilience registry against local servers', () => {
  it('retries an upstream that is down, then reports it unreachable', async () => {
    const port = await refusedPort();
    const { registry, events } = setup();
    const error = await rejection(
      registry.execute(key, ({ signal }) => call(`http://127.0.0.1:${port}/`, signal)),
    );
    expect(error).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', attempts: 3, isRetryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(types(events)).toEqual(['attempt', 'retry', 'attempt', 'retry', 'attempt', 'give_up']);
    expect(events[1]).toMatchObject({ type: 'retry', attempt: 1, reason: 'ECONNREFUSED' });
  });

  it('times out a slow upstream on every attempt', async () => {
    const slow = await server((_request, response) => {
      setTimeout(() => response.end('late'), 2_000).unref();
    });
    const { registry, events } = setup({ ...fast, timeoutMs: 50, retries: 1 });
    const started = performance.now();
    const error = await rejection(registry.execute(key, ({ signal }) => call(slow.origin, signal)));
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', attempts: 2 });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(events.filter((event) => event.type === 'timeout')).toHaveLength(2);
    expect(slow.requests).toHaveLength(2);
  });

  it('retries a 500 and succeeds on the second attempt', async () => {
    const flaky = await server(status(500, 200));
    const { registry, events } = setup();
    const result = await registry.execute(key, ({ signal }) => call(flaky.origin, signal));
    expect(result.attempts).toBe(2);
    expect(result.value.statusCode).toBe(200);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({ reason: 'HTTP 500' });
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const limited = await server((_request, response, index) => {
      if (index === 0) response.writeHead(429, { 'retry-after': '1' });
      response.end();
    });
    const { registry, events } = setup();
    const started = performance.now();
    const result = await registry.execute(key, ({ signal }) => call(limited.origin, signal));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(result).toMatchObject({ attempts: 2, value: { statusCode: 200 } });
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 1_000,
      reason: 'HTTP 429',
    });
  });

  it('reads a Retry-After date with the injected clock and caps long waits', async () => {
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    const limited = await server((_request, response, index) => {
      if (index === 0) response.writeHead(503, { 'retry-after': date });
      if (index === 1) response.writeHead(429, { 'retry-after': '3600' });
      response.end();
    });
    const events: ResilienceEvent[] = [];
    const registry = createResilienceRegistry({
      policyFor: () => ({ ...fast, maxRetryAfterMs: 150 }),
      now: () => Date.parse(date) - 80,
      onEvent: (event) => events.push(event),
    });
    const result = await registry.execute(key, ({ signal }) => call(limited.origin, signal));
    expect(result.attempts).toBe(3);
    expect(
      events.filter((event) => event.type === 'retry').map((event) => 'delayMs' in event && event.delayMs),
    ).toEqual([80, 150]);
  });

  it('does not retry a 400, and returns a transient status that outlived its retries', async () => {
    const bad = await server(status(400));
    const down = await server(status(503));
    const { registry, events } = setup();
    const rejected = await registry.execute(key, ({ signal }) => call(bad.origin, signal));
    expect(rejected).toMatchObject({ attempts: 1, value: { statusCode: 400 } });
    expect(bad.requests).toHaveLength(1);
    const unavailable = await registry.execute({ ...key, tool: 'other' }, ({ signal }) =>
      call(down.origin, signal),
    );
    expect(unavailable).toMatchObject({ attempts: 3, value: { statusCode: 503 } });
    expect(events.at(-1)).toMatchObject({ type: 'give_up', attempts: 3, reason: 'HTTP 503' });
  });

  it('retries a side-effecting tool only when the request surely was not sent', async () => {
    const failing = await server(status(500));
    const port = await refusedPort();
    const { registry } = setup({ ...fast, sideEffects: true });
    const sent = await registry.execute(key, ({ signal }) => call(failing.origin, signal));
    expect(sent).toMatchObject({ attempts: 1, value: { statusCode: 500 } });
    const notSent = await rejection(
      registry.execute(key, ({ signal }) => call(`http://127.0.0.1:${port}/`, signal)),
    );
    expect(notSent.attempts).toBe(3);
  });

  it('opens the breaker after consecutive failures and closes it after the cool-down', async () => {
    let healthy = false;
    const upstream = await server((_request, response) => {
      response.statusCode = healthy ? 200 : 500;
      response.end();
    });
    const { registry, events } = setup({
      ...fast,
      retries: 0,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 100 },
    });
    const run = () => registry.execute(key, ({ signal }) => call(upstream.origin, signal));
    for (let index = 0; index < 3; index++) expect((await run()).value.statusCode).toBe(500);
    expect(registry.breakerState(key)).toBe('open');
    const callEvents: ResilienceEvent[] = [];
    const open = await rejection(
      registry.execute(key, ({ signal }) => call(upstream.origin, signal), {
        onEvent: (event) => callEvents.push(event),
      }),
    );
    expect(open).toMatchObject({ code: 'CIRCUIT_OPEN', attempts: 0 });
    expect(callEvents).toEqual([{ type: 'rejected', key, reason: 'breaker_open' }]);
    expect(upstream.requests).toHaveLength(3);

    await sleep(130);
    healthy = true;
    expect((await run()).value.statusCode).toBe(200);
    expect(registry.breakerState(key)).toBe('closed');
    expect(types(events).filter((type) => type.startsWith('breaker_'))).toEqual([
      'breaker_open',
      'breaker_half_open',
      'breaker_close',
    ]);
    expect(events.find((event) => event.type === 'breaker_open')).toMatchObject({ key, reason: 'HTTP 500' });
  });

  it("keeps one client's failures from opening another client's breaker", async () => {
    const upstream = await server((request, response) => {
      response.statusCode = request.headers['x-client'] === 'a' ? 502 : 200;
      response.end();
    });
    const { registry } = setup({
      ...fast,
      retries: 0,
      breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 },
    });
    const keyA = { clientId: 'client-a', tool: 'http_request' };
    const keyB = { clientId: 'client-b', tool: 'http_request' };
    for (let index = 0; index < 2; index++) {
      await registry.execute(keyA, ({ signal }) => call(upstream.origin, signal, { 'x-client': 'a' }));
    }
    await expect(registry.execute(keyA, ({ signal }) => call(upstream.origin, signal))).rejects.toMatchObject(
      { code: 'CIRCUIT_OPEN' },
    );
    const other = await registry.execute(keyB, ({ signal }) =>
      call(upstream.origin, signal, { 'x-client': 'b' }),
    );
    expect(other.value.statusCode).toBe(200);
    expect(registry.breakerState(keyA)).toBe('open');
    expect(registry.breakerState(keyB)).toBe('closed');
  });

  it('limits concurrent calls with the bulkhead and rejects beyond its queue', async () => {
    const gate = Promise.withResolvers<void>();
    const upstream = await server(async (_request, response) => {
      await gate.promise;
      response.end('done');
    });
    const { registry, events } = setup({ ...fast, bulkhead: { maxConcurrent: 2, maxQueued: 1 } });
    const calls = Array.from({ length: 4 }, () =>
      registry.execute(key, ({ signal }) => call(upstream.origin, signal)),
    );
    // The fourth call finds both slots and the one queue place taken.
    const rejected = await rejection(calls[3] as Promise<unknown>);
    expect(rejected.code).toBe('BULKHEAD_FULL');
    await sleep(30);
    expect(upstream.concurrency.current).toBe(2);
    gate.resolve();
    const settled = await Promise.allSettled(calls.slice(0, 3));
    expect(settled.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(upstream.concurrency.max).toBe(2);
    expect(upstream.requests).toHaveLength(3);
    expect(events).toContainEqual({ type: 'rejected', key, reason: 'bulkhead_full' });
  });

  it('neither retries nor counts an egress refusal against the breaker', async () => {
    const { registry, events } = setup({
      ...fast,
      breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 },
    });
    // Refused by the URL check before any connection is attempted.
    await expect(
      registry.execute(key, ({ signal }) => call('http://10.0.0.1/', signal)),
    ).rejects.toMatchObject({
      code: 'EGRESS_BLOCKED',
    });
    expect(types(events)).toEqual(['attempt']);
    expect(registry.breakerState(key)).toBe('closed');
  });

  it('stops at once when the caller aborts', async () => {
    const port = await refusedPort();
    const { registry } = setup({ ...fast, backoff: { initialDelayMs: 50, maxDelayMs: 50 } });
    const controller = new AbortController();
    const pending = registry.execute(key, ({ signal }) => call(`http://127.0.0.1:${port}/`, signal), {
      signal: controller.signal,
    });
    controller.abort(new Error('run cancelled'));
    await expect(pending).rejects.toThrow('run cancelled');
  });

  it('stops at once when the caller aborts during a Retry-After wait', async () => {
    const limited = await server((_request, response) => {
      response.writeHead(429, { 'retry-after': '5' });
      response.end();
    });
    const controller = new AbortController();
    let aborted = 0;
    // Abort once the 5 s wait has begun (after the retry is announced), however slow the machine.
    const { registry, events } = setup(fast, (event) => {
      if (event.type !== 'retry') return;
      setTimeout(() => {
        aborted = performance.now();
        controller.abort(new Error('user left'));
      }, 20);
    });
    const pending = registry.execute(key, ({ signal }) => call(limited.origin, signal), {
      signal: controller.signal,
    });
    await expect(pending).rejects.toThrow('user left');
    expect(performance.now() - aborted).toBeLessThan(1_000);
    expect(limited.requests).toHaveLength(1);
    expect(types(events)).toEqual(['attempt', 'retry']);
  });

  it('keeps a bounded number of keys, dropping the least recently used', async () => {
    const registry = createResilienceRegistry({ maxKeys: 2, policyFor: () => fast });
    for (const clientId of ['a', 'b', 'a', 'c']) {
      await registry.execute({ clientId, tool: 't' }, async () => 'ok');
    }
    expect(registry.size).toBe(2);
    expect(registry.breakerState({ clientId: 'a', tool: 't' })).toBe('closed');
    expect(registry.breakerState({ clientId: 'b', tool: 't' })).toBeUndefined();
    expect(registry.reset({ clientId: 'a', tool: 't' })).toBe(true);
    expect(registry.size).toBe(1);
  });
});
