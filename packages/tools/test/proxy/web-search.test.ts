import { startFakeTavily } from '@renum/testing';
import { describe, expect, it, vi } from 'vitest';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import {
  expectNoSecret,
  expectSecretOnlyInHeader,
  fakeCredentials,
  scope,
  secrets,
  testProxy,
} from './proxy-test-kit.ts';

const cleanups = cleanupsAfterEach();

async function setup() {
  const tavily = await startFakeTavily({ apiKey: secrets.tavily });
  cleanups.push(tavily.close);
  const credentials = fakeCredentials({
    'client-a:tavily': { credentialId: 'cred-tavily-a', fields: { api_key: secrets.tavily } },
  });
  const kit = testProxy({ credentials, services: { tavily: { baseUrl: tavily.url } } });
  cleanups.push(kit.close);
  const tool = kit.catalog.create({ name: 'web_search' });
  return { ...kit, tavily, credentials, tool };
}

describe('web_search through the proxy (Tavily fake)', () => {
  it('answers only once an onCall that returns a promise has settled (the record stored first)', async () => {
    const tavily = await startFakeTavily({ apiKey: secrets.tavily });
    cleanups.push(tavily.close);
    let release: (() => void) | undefined;
    const stored: string[] = [];
    const kit = testProxy({
      credentials: fakeCredentials({
        'client-a:tavily': { credentialId: 'c', fields: { api_key: secrets.tavily } },
      }),
      services: { tavily: { baseUrl: tavily.url } },
      onCall: (record) =>
        new Promise<void>((resolve) => {
          release = () => {
            stored.push(record.tool);
            resolve();
          };
        }),
    });
    cleanups.push(kit.close);
    let answered = false;
    const call = kit.proxy
      .call({ ...scope, tool: kit.catalog.create({ name: 'web_search' }), input: { query: 'durable' } })
      .then((outcome) => {
        answered = true;
        return outcome;
      });
    await vi.waitFor(() => expect(release).toBeDefined());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release?.();
    expect((await call).ok).toBe(true);
    expect(stored).toEqual(['web_search']);
  });

  it('sends the key only as a bearer token and answers the answer and top results', async () => {
    const { proxy, tavily, tool, records } = await setup();

    const outcome = await proxy.call({ ...scope, tool, input: { query: 'renum agents', max_results: 3 } });

    expect(outcome.ok).toBe(true);
    expect(outcome.attempts).toBe(1);
    expect(outcome.cached).toBe(false);
    expect(outcome.bytes).toBeGreaterThan(0);
    const result = outcome.result as {
      answer: string;
      results: { title: string; url: string; snippet: string }[];
    };
    expect(result.answer).toContain('renum agents');
    expect(result.results).toHaveLength(3);
    expect(result.results[0]).toEqual({
      title: 'renum agents - result 1',
      url: 'https://example.com/renum-agents/1',
      snippet: expect.stringContaining('renum agents'),
    });

    const request = tavily.requests[0];
    expectSecretOnlyInHeader(request, secrets.tavily, 'authorization', `Bearer ${secrets.tavily}`);
    expect(request?.path).toBe('/search');
    expect(request?.body).toMatchObject({ query: 'renum agents', max_results: 3, include_answer: true });

    expect(records).toEqual([
      {
        ...scope,
        tool: 'web_search',
        service: 'tavily',
        credentialId: 'cred-tavily-a',
        status: 'ok',
        attempts: 1,
        durationMs: expect.any(Number),
        bytes: outcome.bytes,
        cached: false,
        units: 1,
        costUsd: 0.008,
      },
    ]);
    expectNoSecret(secrets.tavily, outcome, records);
  });

  it('answers a repeated search from the cache, per client, and counts hits and misses', async () => {
    const { proxy, tavily, tool, records } = await setup();

    const first = await proxy.call({ ...scope, tool, input: { query: 'cache me' } });
    const second = await proxy.call({ ...scope, tool, input: { query: '  cache me  ' } });

    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ ok: true, cached: true, attempts: 0, bytes: 0 });
    expect(second.result).toEqual(first.result);
    expect(tavily.searches).toEqual(['cache me']);
    expect(records.map((record) => [record.cached, record.units, record.costUsd])).toEqual([
      [false, 1, 0.008],
      [true, 0, 0],
    ]);
    expect(proxy.cache?.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('does not share cached results between clients', async () => {
    const tavily = await startFakeTavily();
    cleanups.push(tavily.close);
    const credentials = fakeCredentials({
      'client-a:tavily': { credentialId: 'a', fields: { api_key: secrets.tavily } },
      'client-b:tavily': { credentialId: 'b', fields: { api_key: secrets.tavilyOther } },
    });
    const kit = testProxy({ credentials, services: { tavily: { baseUrl: tavily.url } } });
    cleanups.push(kit.close);
    const tool = kit.catalog.create({ name: 'web_search' });

    await kit.proxy.call({ ...scope, tool, input: { query: 'shared?' } });
    const other = await kit.proxy.call({ ...scope, clientId: 'client-b', tool, input: { query: 'shared?' } });

    expect(other.cached).toBe(false);
    expect(tavily.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${secrets.tavily}`,
      `Bearer ${secrets.tavilyOther}`,
    ]);
  });

  it('answers a readable error when the client has no Tavily credential', async () => {
    const { proxy, tavily, tool, records } = await setup();

    const outcome = await proxy.call({ ...scope, clientId: 'client-z', tool, input: { query: 'anything' } });

    expect(outcome).toMatchObject({
      ok: false,
      errorCode: 'CREDENTIAL_MISSING',
      result: 'no credential for tavily; add one in Credentials',
      attempts: 0,
    });
    expect(tavily.requests).toHaveLength(0);
    expect(records[0]).toMatchObject({
      status: 'error',
      errorCode: 'CREDENTIAL_MISSING',
      credentialId: null,
    });
  });

  it('refuses invalid arguments before reading the credential', async () => {
    const { proxy, tool, credentials } = await setup();

    const outcome = await proxy.call({ ...scope, tool, input: { query: '', max_results: 99 } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' });
    expect(outcome.result).toMatch(/^Invalid arguments for web_search: query: .*max_results: /);
    expect(credentials.requests).toHaveLength(0);
  });

  it('scrubs a key the service reflects in an error message', async () => {
    const { proxy, tavily, tool, records } = await setup();
    tavily.enqueue({ status: 401, message: `Unauthorized: the key ${secrets.tavily} is revoked.` });

    const outcome = await proxy.call({ ...scope, tool, input: { query: 'leak?' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'UPSTREAM_AUTH' });
    expect(outcome.result).toContain(
      'Tavily rejected the credential (HTTP 401: Unauthorized: the key [REDACTED]',
    );
    expect(outcome.result).toContain('replace it in Credentials');
    expectNoSecret(secrets.tavily, outcome, records);
  });
});
