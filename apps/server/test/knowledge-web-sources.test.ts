import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { documentChunks, usageLogs, withClient } from '@renum/db';
import { type FakeServer, startFakeFirecrawl, testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

const page = `<!doctype html><html><head><title>Frete</title></head><body>
<nav><a href="/">Início</a> <a href="/loja">Loja</a> menu de navegação</nav>
<main><h1>Política de frete</h1><p>Pedidos acima de duzentos reais têm frete grátis para todo o Brasil.</p></main>
<footer>Rodapé com direitos reservados</footer></body></html>`;

describe('web pages as knowledge sources', () => {
  let site: Server;
  let siteUrl: string;
  const visits: string[] = [];
  let firecrawl: FakeServer & { scraped: string[] };
  let t: TestApp;
  let plain: TestSession;
  let scraper: TestSession;
  beforeAll(async () => {
    site = createServer((request, response) => {
      visits.push(request.url ?? '');
      if (request.url === '/gone') return void response.writeHead(404).end('Not found');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    firecrawl = await startFakeFirecrawl({
      apiKey: 'fc-client-key',
      pages: {
        [`${siteUrl}/frete`]: {
          title: 'Frete',
          markdown: '# Política de frete\n\nPedidos acima de duzentos reais têm frete grátis.',
        },
      },
    });
    t = await createTestApp(pglite, {
      tools: {
        egressAllow: ['127.0.0.1'],
        tavilyUrl: undefined,
        firecrawlUrl: firecrawl.url,
        whatsappUrl: undefined,
      },
    });
    [plain, scraper] = [await t.signup(), await t.signup()];
    const stored = await t.request({
      method: 'POST',
      url: '/v1/credentials',
      token: scraper.accessToken,
      body: { service: 'firecrawl', name: 'default', secret: { api_key: 'fc-client-key' } },
    });
    expect(stored.statusCode).toBe(201);
  }, 180_000); // A loaded 2-core machine took over 60 s to boot the app on PGlite.
  afterAll(async () => {
    await t?.close();
    await firecrawl?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const addUrl = async (session: TestSession, url: string) => {
    const base = await t.request({
      method: 'POST',
      url: '/v1/knowledge-bases',
      token: session.accessToken,
      body: { name: `Site ${Math.random()}` },
    });
    const added = await t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${base.json().id}/documents`,
      token: session.accessToken,
      body: { kind: 'url', url },
    });
    expect(added.statusCode).toBe(201);
    const document = await settledDocument(t, {
      token: session.accessToken,
      baseId: base.json().id,
      documentId: added.json().document.id,
      ms: 30_000,
    });
    return { baseId: base.json().id as string, document };
  };
  const chunksOf = (session: TestSession, documentId: string) =>
    withClient(t.deps.db, session.clientId ?? '', (tx) =>
      tx.select().from(documentChunks).where(eq(documentChunks.document_id, documentId)),
    );
  const ledgerOf = (session: TestSession, documentId: string) =>
    withClient(t.deps.db, session.clientId ?? '', (tx) =>
      tx.select().from(usageLogs).where(eq(usageLogs.document_id, documentId)),
    );

  it('fetches a page through the egress guard, reads it without its navigation, and meters the fetch', async () => {
    const { document } = await addUrl(plain, `${siteUrl}/frete`);
    // Added without a title, the page is named by its own <title>, its address kept in source_url.
    expect(document).toMatchObject({
      status: 'ready',
      kind: 'url',
      mime_type: 'text/html',
      title: 'Frete',
      source_url: `${siteUrl}/frete`,
    });
    expect(visits).toContain('/frete');
    const text = (await chunksOf(plain, document.id)).map((chunk) => chunk.text).join('\n');
    expect(text).toContain('frete grátis');
    expect(text).not.toContain('menu de navegação');
    expect(text).not.toContain('Rodapé');
    const [row, ...more] = await ledgerOf(plain, document.id);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({
      kind: 'tool',
      tool_name: 'knowledge.fetch_url',
      api_key_type: 'platform',
      request_data: { url: `${siteUrl}/frete` },
    });
    expect(Number(row?.units)).toBe(1);
  });

  it('scrapes through Firecrawl with the client’s own key, never fetching the page itself, metered as a credit', async () => {
    const before = visits.length;
    const { baseId, document } = await addUrl(scraper, `${siteUrl}/frete`);
    expect(document).toMatchObject({ status: 'ready', mime_type: 'text/markdown' });
    expect(firecrawl.scraped).toEqual([`${siteUrl}/frete`]);
    expect(firecrawl.requests.at(-1)?.headers.authorization).toBe('Bearer fc-client-key');
    expect(visits.length).toBe(before);
    const chunks = await chunksOf(scraper, document.id);
    expect(chunks[0]?.heading_path).toEqual(['Política de frete']);
    const [row] = await ledgerOf(scraper, document.id);
    expect(row).toMatchObject({ kind: 'tool', tool_name: 'firecrawl.scrape', api_key_type: 'client' });
    expect(Number(row?.cost_usd)).toBeCloseTo(0.00083, 8);
    const usage = await t.request({
      method: 'GET',
      url: `/v1/knowledge-bases/${baseId}/usage`,
      token: scraper.accessToken,
    });
    expect(usage.json().spend).toMatchObject({ page_fetches: 1, page_fetch_cost_usd: 0.00083 });
  });

  it('fails a page that answers an HTTP error with its code, for the screens to translate', async () => {
    const { document } = await addUrl(plain, `${siteUrl}/gone`);
    expect(document).toMatchObject({ status: 'failed', error_code: 'fetch_http_error' });
    expect(document.error).toBe('The page answered HTTP 404');
    expect(await chunksOf(plain, document.id)).toEqual([]);
  });

  it('refuses private and cloud-metadata addresses: the document fails and nothing is fetched', async () => {
    const before = { visits: visits.length, scraped: firecrawl.scraped.length };
    for (const session of [plain, scraper]) {
      for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.1.2.3/intranet']) {
        const { document } = await addUrl(session, url);
        expect(document).toMatchObject({ status: 'failed', error_code: 'fetch_blocked' });
        expect(document.error).toMatch(/refused|not allowed|private|metadata|link-local/i);
        expect(await chunksOf(session, document.id)).toEqual([]);
      }
    }
    expect(visits.length).toBe(before.visits);
    expect(firecrawl.scraped.length).toBe(before.scraped);
  });
});
