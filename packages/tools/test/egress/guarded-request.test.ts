import { describe, expect, it } from 'vitest';
import { createEgressClient, type EgressClient, type HostResolver } from '../../src/index.ts';
import { cleanupsAfterEach } from '../support/cleanups.ts';
import { refusal } from '../support/egress-refusal.ts';
import {
  type LocalHandler,
  type LocalServer,
  loopbackOnlyConnector,
  startLocalServer,
} from '../support/local-server.ts';

// Real connections only ever go to 127.0.0.1 servers started here; the test connector refuses anything else.
const cleanups = cleanupsAfterEach();

async function server(handler: LocalHandler): Promise<LocalServer> {
  const started = await startLocalServer(handler);
  cleanups.push(started.close);
  return started;
}

const ok: LocalHandler = (request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ path: request.url, headers: request.headers, method: request.method }));
};

const redirectTo =
  (location: string, status = 302): LocalHandler =>
  (_request, response) => {
    response.writeHead(status, { location });
    response.end();
  };

function client(allow: readonly string[], table: Record<string, readonly string[]> = {}) {
  const { connector, dialled } = loopbackOnlyConnector();
  const resolver: HostResolver = async (hostname) => table[hostname] ?? [];
  const egress: EgressClient = createEgressClient({ allow, resolver, connector });
  cleanups.push(egress.close);
  return { egress, dialled };
}

describe('guarded request against local servers', () => {
  it('refuses a loopback server that is not allowlisted, without dialling', async () => {
    const upstream = await server(ok);
    const { egress, dialled } = client([]);
    expect((await refusal(egress.request(`${upstream.origin}/`))).reason).toBe('loopback');
    expect(upstream.requests).toHaveLength(0);
    expect(dialled).toEqual([]);
  });

  it('refuses a DNS name that resolves to 127.0.0.1, and lets it through once allowlisted', async () => {
    const upstream = await server(ok);
    const table = { 'fake-upstream.test': ['127.0.0.1'] };
    const blocked = client([], table);
    const error = await refusal(blocked.egress.request(`http://fake-upstream.test:${upstream.port}/`));
    expect(error).toMatchObject({ reason: 'loopback', host: 'fake-upstream.test', address: '127.0.0.1' });
    expect(blocked.dialled).toEqual([]);

    for (const allow of [['fake-upstream.test'], [`127.0.0.1:${upstream.port}`], ['127.0.0.0/8']]) {
      const allowed = client(allow, table);
      const response = await allowed.egress.request(`http://fake-upstream.test:${upstream.port}/x`);
      expect(response.statusCode).toBe(200);
      expect(await response.body.json()).toMatchObject({
        path: '/x',
        headers: { host: `fake-upstream.test:${upstream.port}` },
      });
      expect(allowed.dialled).toEqual(['127.0.0.1']);
    }
    expect(upstream.requests).toHaveLength(3);
  });

  it('refuses a redirect into cloud metadata on the redirect hop', async () => {
    const upstream = await server(redirectTo('http://169.254.169.254/latest/meta-data/'));
    const { egress, dialled } = client([`127.0.0.1:${upstream.port}`]);
    const error = await refusal(egress.request(`${upstream.origin}/start`));
    expect(error).toMatchObject({ reason: 'metadata', host: '169.254.169.254' });
    expect(upstream.requests).toHaveLength(1);
    expect(dialled).toEqual(['127.0.0.1']);
  });

  it.each([
    ['the dotted form', (port: number) => `http://127.0.0.1:${port}/`],
    ['the decimal form', (port: number) => `http://2130706433:${port}/`],
    ['a name resolving to 127.0.0.1', (port: number) => `http://other.test:${port}/`],
  ])('refuses a redirect to another local port written in %s', async (_label, target) => {
    const other = await server(ok);
    const upstream = await server(redirectTo(target(other.port)));
    const { egress } = client([`127.0.0.1:${upstream.port}`], { 'other.test': ['127.0.0.1'] });
    expect((await refusal(egress.request(`${upstream.origin}/`))).reason).toBe('loopback');
    expect(other.requests).toHaveLength(0);
  });

  it('follows an allowlisted redirect and reports the hops', async () => {
    const other = await server(ok);
    const upstream = await server(redirectTo(`${other.origin}/landed`, 307));
    const { egress } = client([`127.0.0.1:${upstream.port}`, `127.0.0.1:${other.port}`]);
    const response = await egress.request(`${upstream.origin}/`, { method: 'PUT', body: 'payload' });
    expect(response.statusCode).toBe(200);
    expect(response.url).toBe(`${other.origin}/landed`);
    expect(response.redirects).toEqual([`${other.origin}/landed`]);
    expect(await response.body.json()).toMatchObject({ method: 'PUT', path: '/landed' });
  });

  it('drops credentials on a cross-origin redirect and turns a 303 after POST into a GET', async () => {
    const other = await server(ok);
    const upstream = await server(redirectTo(`${other.origin}/next`, 303));
    const { egress } = client([`127.0.0.1:${upstream.port}`, `127.0.0.1:${other.port}`]);
    const response = await egress.request(`${upstream.origin}/`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { Authorization: 'Bearer sk-secret', 'X-Api-Key': 'tvly-secret', Accept: 'application/json' },
    });
    const seen = (await response.body.json()) as { method: string; headers: Record<string, string> };
    expect(seen.method).toBe('GET');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-api-key']).toBeUndefined();
    expect(seen.headers.accept).toBe('application/json');
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-secret');
  });

  it('refuses a redirect to another scheme and stops redirect loops', async () => {
    const toFile = await server(redirectTo('file:///etc/passwd'));
    const loop = await server(redirectTo('/again'));
    const { egress } = client([`127.0.0.1:${toFile.port}`, `127.0.0.1:${loop.port}`]);
    expect((await refusal(egress.request(toFile.origin))).reason).toBe('scheme');
    expect((await refusal(egress.request(loop.origin, { maxRedirects: 3 }))).reason).toBe(
      'too-many-redirects',
    );
    expect(loop.requests).toHaveLength(4);
    const manual = await egress.request(loop.origin, { redirect: 'manual' });
    expect(manual.statusCode).toBe(302);
    await manual.body.dump();
  });
});
