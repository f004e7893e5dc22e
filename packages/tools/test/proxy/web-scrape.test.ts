import { startFakeFirecrawl } from '@renum/testing';
import { describe, expect, it } from 'vitest';
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

async function setup(options: { maxChars?: number } = {}) {
  const firecrawl = await startFakeFirecrawl({
    apiKey: secrets.firecrawl,
    pages: {
      'https://docs.example.com/long': { title: 'Long page', markdown: `# Long\n\n${'word '.repeat(400)}` },
    },
  });
  cleanups.push(firecrawl.close);
  const credentials = fakeCredentials({
    'client-a:firecrawl': { credentialId: 'cred-fc', fields: { api_key: secrets.firecrawl } },
  });
  const kit = testProxy({
    credentials,
    services: { firecrawl: { baseUrl: firecrawl.url } },
    hosts: {
      'docs.example.com': ['93.184.215.14'],
      'intranet.example.com': ['10.20.30.40'],
      'mixed.example.com': ['93.184.215.14', '169.254.169.254'],
    },
  });
  cleanups.push(kit.close);
  const tool = kit.catalog.create({
    name: 'web_scrape',
    options: options.maxChars === undefined ? {} : { max_chars: options.maxChars },
  });
  return { ...kit, firecrawl, credentials, tool };
}

describe('web_scrape through the proxy (Firecrawl fake)', () => {
  it('sends the key only as a bearer token and answers title and markdown', async () => {
    const { proxy, firecrawl, tool, records } = await setup();

    const outcome = await proxy.call({
      ...scope,
      tool,
      input: { url: 'https://docs.example.com/guide/intro' },
    });

    expect(outcome.ok).toBe(true);
    expect(outcome.result).toMatchObject({
      url: 'https://docs.example.com/guide/intro',
      title: 'docs.example.com - guide / intro',
      status_code: 200,
      truncated: false,
      markdown: expect.stringContaining(
        'deterministic fake content for https://docs.example.com/guide/intro',
      ),
    });
    const request = firecrawl.requests[0];
    expectSecretOnlyInHeader(request, secrets.firecrawl, 'authorization', `Bearer ${secrets.firecrawl}`);
    expect(request?.path).toBe('/v1/scrape');
    expect(request?.body).toMatchObject({
      url: 'https://docs.example.com/guide/intro',
      formats: ['markdown'],
    });
    expect(records[0]).toMatchObject({ tool: 'web_scrape', service: 'firecrawl', units: 1, status: 'ok' });
    expectNoSecret(secrets.firecrawl, outcome, records);
  });

  it('trims long pages to the configured size', async () => {
    const { proxy, tool } = await setup({ maxChars: 500 });

    const outcome = await proxy.call({ ...scope, tool, input: { url: 'https://docs.example.com/long' } });

    const result = outcome.result as { markdown: string; truncated: boolean; title: string };
    expect(result.title).toBe('Long page');
    expect(result.truncated).toBe(true);
    expect(result.markdown.length).toBeLessThan(560);
    expect(result.markdown).toMatch(/more characters\]$/);
  });

  it.each([
    ['a private address', 'http://10.0.0.5/admin', 'private-network'],
    ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['localhost by name', 'http://localhost:8080/', 'points at this machine'],
    ['loopback in IPv4-mapped IPv6', 'http://[::ffff:127.0.0.2]/', 'loopback'],
    ['a decimal spelling of a private address', 'http://167772165/', 'private-network'],
    ['a name that resolves to a private address', 'https://intranet.example.com/', 'private-network'],
    ['a name that resolves to metadata among public addresses', 'https://mixed.example.com/', 'metadata'],
    ['a URL with credentials', 'https://user:pw@docs.example.com/', 'user name or password'],
    ['a non-http scheme', 'file:///etc/passwd', 'only http and https'],
  ])('refuses %s before Firecrawl is called', async (_case, url, reason) => {
    const { proxy, firecrawl, tool, credentials, dialled } = await setup();

    const outcome = await proxy.call({ ...scope, tool, input: { url } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'EGRESS_BLOCKED', attempts: 0 });
    expect(outcome.result).toContain(reason);
    expect(firecrawl.requests).toHaveLength(0);
    expect(credentials.requests).toHaveLength(0);
    expect(dialled).toEqual([]);
  });

  it('answers a readable error for a host that does not resolve', async () => {
    const { proxy, tool } = await setup();

    const outcome = await proxy.call({ ...scope, tool, input: { url: 'https://no-such-host.example.org/' } });

    expect(outcome).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' });
    expect(outcome.result).toContain('could not be resolved');
  });

  it('caches a page per client and tool', async () => {
    const { proxy, firecrawl, tool } = await setup();

    await proxy.call({ ...scope, tool, input: { url: 'https://docs.example.com/a' } });
    const again = await proxy.call({ ...scope, tool, input: { url: 'https://docs.example.com/a' } });

    expect(again.cached).toBe(true);
    expect(firecrawl.scraped).toEqual(['https://docs.example.com/a']);
  });
});
