import { AppError } from '@renum/contracts';
import { startFakeHttpApi } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import type { HttpToolDefinition } from '../../src/index.ts';
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

const orderParameters = {
  type: 'object',
  properties: { order_id: { type: 'string' }, expand: { type: 'string' }, note: { type: 'string' } },
  required: ['order_id'],
};

async function setup(hosts: Record<string, readonly string[]> = {}) {
  // The generic fake echoes the request back (headers, query, body): a reflecting upstream.
  const api = await startFakeHttpApi();
  cleanups.push(api.close);
  const credentials = fakeCredentials({
    'client-a:http:shop': { credentialId: 'cred-shop', fields: { token: secrets.http } },
    'client-a:http:legacy': {
      credentialId: 'cred-legacy',
      fields: { username: 'shop-user', password: secrets.password },
    },
  });
  const kit = testProxy({ credentials, hosts });
  cleanups.push(kit.close);
  const define = (overrides: Partial<HttpToolDefinition> = {}) =>
    kit.catalog.create({
      name: 'http_request',
      options: {
        name: 'get_order',
        description: 'Look an order up by id',
        method: 'GET',
        url_template: `${api.url}/orders/{order_id}`,
        allowed_hosts: ['127.0.0.1'],
        parameters: orderParameters,
        auth: { type: 'bearer', credential_name: 'shop' },
        ...overrides,
      },
    });
  return { ...kit, api, credentials, define };
}

describe('http_request through the proxy (generic HTTP fake)', () => {
  it('fills the URL template with encoded values and sends the other arguments as query parameters', async () => {
    const { proxy, api, define } = await setup();
    const tool = define();

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { order_id: 'A/1?x=#2 3', expand: 'items&lines' },
    });

    expect(outcome.ok).toBe(true);
    const request = api.requests[0];
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/orders/A%2F1%3Fx%3D%232%203');
    expect(request?.query).toEqual({ expand: 'items&lines' });
  });

  it('sends the other arguments of a POST as a JSON body', async () => {
    const { proxy, api, define } = await setup();
    const tool = define({
      name: 'annotate_order',
      method: 'POST',
      url_template: `${api.url}/orders/{order_id}/notes`,
    });

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '42', note: 'call back' } });

    expect(outcome.ok).toBe(true);
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/orders/42/notes',
      body: { note: 'call back' },
    });
  });

  it('keeps a reflected bearer token out of the result and the record', async () => {
    const { proxy, api, define, records } = await setup();
    const tool = define();

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '7' } });

    expectSecretOnlyInHeader(api.requests[0], secrets.http, 'authorization', `Bearer ${secrets.http}`);
    expect(outcome.ok).toBe(true);
    const echoed = outcome.result as { status: number; body: { headers: Record<string, string> } };
    expect(echoed.status).toBe(200);
    expect(echoed.body.headers.authorization).toBe('Bearer [REDACTED]');
    expect(records[0]).toMatchObject({
      tool: 'get_order',
      service: 'http',
      credentialId: 'cred-shop',
      units: 1,
    });
    expectNoSecret(secrets.http, outcome, records);
  });

  it('puts the credential in a named header, in the query string or as basic auth, and scrubs each echo', async () => {
    const { proxy, api, define, records } = await setup();
    const header = define({
      name: 'by_header',
      auth: { type: 'header', credential_name: 'shop', header_name: 'X-Shop-Key' },
    });
    const query = define({
      name: 'by_query',
      auth: { type: 'query', credential_name: 'shop', query_name: 'key' },
    });
    const basic = define({ name: 'by_basic', auth: { type: 'basic', credential_name: 'legacy' } });

    const byHeader = await proxy.call({ ...scope, tool: header, input: { order_id: '1' } });
    const byQuery = await proxy.call({ ...scope, tool: query, input: { order_id: '2' } });
    const byBasic = await proxy.call({ ...scope, tool: basic, input: { order_id: '3' } });

    expectSecretOnlyInHeader(api.requests[0], secrets.http, 'x-shop-key', secrets.http);
    const queried = api.requests[1];
    expect(queried?.query).toEqual({ key: secrets.http });
    expectNoSecret(secrets.http, queried?.headers, queried?.rawBody);
    const basicToken = Buffer.from(`shop-user:${secrets.password}`).toString('base64');
    expectSecretOnlyInHeader(api.requests[2], basicToken, 'authorization', `Basic ${basicToken}`);

    expect(byHeader.ok && byQuery.ok && byBasic.ok).toBe(true);
    expect(JSON.stringify(byQuery.result)).toContain('"key":"[REDACTED]"');
    expect(JSON.stringify(byBasic.result)).toContain('Basic [REDACTED]');
    expectNoSecret(secrets.http, byHeader, byQuery, records);
    expectNoSecret(secrets.password, byBasic, records);
    expectNoSecret(basicToken, byBasic, records);
  });

  it('refuses a template whose host is not in allowed_hosts, or whose host is a placeholder', async () => {
    const { define } = await setup();

    expect(() => define({ allowed_hosts: ['api.example.com'] })).toThrow(AppError);
    expect(() => define({ allowed_hosts: ['api.example.com'] })).toThrow(/must be in allowed_hosts/);
    expect(() => define({ url_template: 'https://{tenant}.example.com/orders/{order_id}' })).toThrow(
      /host without placeholders/,
    );
    expect(() =>
      define({ url_template: 'https://api.example.com/orders/{id}', allowed_hosts: ['api.example.com'] }),
    ).toThrow(/placeholder \{id\} must be declared/);
  });

  it('follows redirects only within allowed_hosts', async () => {
    const { proxy, api, define } = await setup();
    api.enqueue({ status: 302, headers: { location: 'https://elsewhere.example.net/steal' }, body: '' });
    const tool = define();

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '9' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'REDIRECT_REFUSED' });
    expect(outcome.result).toContain('elsewhere.example.net');
    expect(api.requests).toHaveLength(1);
  });

  it('refuses dot segments that would climb out of the templated path', async () => {
    const { proxy, api, define } = await setup();
    const tool = define();

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '..' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' });
    expect(api.requests).toHaveLength(0);
  });

  it('refuses a private literal address before reading the credential or connecting', async () => {
    const { proxy, define, credentials, dialled } = await setup();
    const tool = define({ url_template: 'http://10.0.0.7/orders/{order_id}', allowed_hosts: ['10.0.0.7'] });

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '1' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'EGRESS_BLOCKED', attempts: 0 });
    expect(outcome.result).toContain('10.0.0.7');
    expect(outcome.result).toContain('private-network address');
    expect(credentials.requests).toHaveLength(0);
    expect(dialled).toEqual([]);
  });

  it('refuses a name that resolves to a private address at connect time, without dialling it', async () => {
    const { proxy, define, dialled, records } = await setup({ 'orders.internal.example': ['192.168.10.20'] });
    const tool = define({
      url_template: 'http://orders.internal.example/orders/{order_id}',
      allowed_hosts: ['orders.internal.example'],
    });

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '1' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'EGRESS_BLOCKED' });
    expect(outcome.result).toContain('192.168.10.20');
    expect(dialled).toEqual([]);
    expectNoSecret(secrets.http, outcome, records);
  });

  it('calls APIs without auth without asking the vault', async () => {
    const { proxy, api, define, credentials, records } = await setup();
    const tool = define({ name: 'public_status', auth: undefined });

    const outcome = await proxy.call({ ...scope, tool, input: { order_id: '5' } });

    expect(outcome.ok).toBe(true);
    expect(api.requests[0]?.headers.authorization).toBeUndefined();
    expect(credentials.requests).toHaveLength(0);
    expect(records[0]).toMatchObject({ status: 'ok', credentialId: null });
  });

  it('validates arguments against the JSON-schema parameters', async () => {
    const { proxy, api, define } = await setup();
    const tool = define();

    const outcome = await proxy.call({ ...scope, tool, input: { expand: 'x' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' });
    expect(outcome.result).toContain('order_id');
    expect(api.requests).toHaveLength(0);
  });
});
