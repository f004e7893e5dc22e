import { describe, expect, it } from 'vitest';
import {
  startFakeFirecrawl,
  startFakeHttpApi,
  startFakeTavily,
  tavilyResultsFor,
} from '../src/fakes/index.ts';

interface TavilyBody {
  query: string;
  answer: string | null;
  results: { title: string; url: string; content: string; score: number }[];
  response_time: number;
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('fake Tavily', () => {
  it('answers deterministic results for a query (key in body)', async () => {
    await using fake = await startFakeTavily({ apiKey: 'tvly-test' });
    const body = { api_key: 'tvly-test', query: 'renum agents', max_results: 3, include_answer: true };
    const first = (await (await postJson(`${fake.url}/search`, body)).json()) as TavilyBody;
    const second = (await (await postJson(`${fake.url}/search`, body)).json()) as TavilyBody;
    expect(first.query).toBe('renum agents');
    expect(first.results).toHaveLength(3);
    expect(first.results).toEqual(second.results);
    expect(first.answer).toContain('renum agents');
    expect(typeof first.response_time).toBe('number');
    for (const result of first.results) {
      expect(result).toMatchObject({ title: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
      expect(result.score).toBeGreaterThan(0);
      expect(result.score).toBeLessThanOrEqual(1);
    }
    const scores = first.results.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(fake.searches).toEqual(['renum agents', 'renum agents']);
  });

  it('accepts a Bearer key, omits the answer by default and rejects a wrong key', async () => {
    await using fake = await startFakeTavily({ apiKey: 'tvly-test' });
    const ok = await postJson(`${fake.url}/search`, { query: 'q' }, { authorization: 'Bearer tvly-test' });
    const okBody = (await ok.json()) as TavilyBody;
    expect(okBody.answer).toBeNull();
    expect(okBody.results).toHaveLength(5);
    expect(okBody.results).toEqual(tavilyResultsFor('q').results);
    const bad = await postJson(`${fake.url}/search`, { query: 'q', api_key: 'nope' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ detail: { error: 'Unauthorized: missing or invalid API key.' } });
    const missing = await postJson(`${fake.url}/search`, { api_key: 'tvly-test' });
    expect(missing.status).toBe(400);
  });

  it('plays scripted 429s with Retry-After', async () => {
    await using fake = await startFakeTavily();
    fake.enqueue({ status: 429, retryAfter: 2 });
    const limited = await postJson(`${fake.url}/search`, { query: 'q' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.json()).toEqual({ detail: { error: 'Rate limit exceeded' } });
    expect((await postJson(`${fake.url}/search`, { query: 'q' })).status).toBe(200);
  });
});

describe('fake Firecrawl', () => {
  it('scrapes a URL into markdown and metadata without fetching it', async () => {
    await using fake = await startFakeFirecrawl({ apiKey: 'fc-test' });
    const response = await postJson(
      `${fake.url}/v1/scrape`,
      { url: 'https://docs.example.org/guide/intro', formats: ['markdown', 'links'] },
      { authorization: 'Bearer fc-test' },
    );
    const body = (await response.json()) as {
      success: boolean;
      data: { markdown: string; links: string[]; html?: string; metadata: Record<string, unknown> };
    };
    expect(body.success).toBe(true);
    expect(body.data.markdown).toContain('https://docs.example.org/guide/intro');
    expect(body.data.links.length).toBeGreaterThan(0);
    expect(body.data.html).toBeUndefined();
    expect(body.data.metadata).toMatchObject({
      title: 'docs.example.org - guide / intro',
      sourceURL: 'https://docs.example.org/guide/intro',
      statusCode: 200,
    });
    expect(fake.scraped).toEqual(['https://docs.example.org/guide/intro']);
  });

  it('uses configured pages and rejects bad input and keys', async () => {
    const url = 'https://shop.example.com/missing';
    await using fake = await startFakeFirecrawl({
      apiKey: 'fc-test',
      pages: { [url]: { markdown: '# Gone', statusCode: 404 } },
    });
    const auth = { authorization: 'Bearer fc-test' };
    const page = (await (await postJson(`${fake.url}/v1/scrape`, { url }, auth)).json()) as {
      data: { markdown: string; metadata: { statusCode: number } };
    };
    expect(page.data.markdown).toBe('# Gone');
    expect(page.data.metadata.statusCode).toBe(404);
    const invalid = await postJson(`${fake.url}/v1/scrape`, { url: 'not a url' }, auth);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ success: false, error: 'Bad Request' });
    const wrong = await postJson(`${fake.url}/v1/scrape`, { url }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ success: false, error: 'Unauthorized: Invalid token' });
  });
});

describe('fake HTTP API', () => {
  it('echoes requests by default and records them', async () => {
    await using fake = await startFakeHttpApi();
    const response = await fetch(`${fake.url}/items/7?expand=true`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: JSON.stringify({ name: 'widget' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      method: 'PUT',
      path: '/items/7',
      query: { expand: 'true' },
      body: { name: 'widget' },
    });
    expect(fake.requests[0]).toMatchObject({ method: 'PUT', path: '/items/7', body: { name: 'widget' } });
    expect(fake.requests[0]?.headers['x-trace']).toBe('abc');
  });

  it('answers from routes and a handler, with API key checks', async () => {
    await using fake = await startFakeHttpApi({
      apiKey: 'k1',
      routes: {
        'GET /status': { body: { up: true } },
        'POST /things': (req) => ({
          status: 201,
          body: { created: req.body },
          headers: { location: '/things/1' },
        }),
        'GET /text': { body: 'plain', headers: { 'content-type': 'text/plain' } },
      },
      handler: () => ({ status: 404, body: { error: 'not here' } }),
    });
    const auth = { authorization: 'Bearer k1' };
    expect(await (await fetch(`${fake.url}/status`, { headers: auth })).json()).toEqual({ up: true });
    const created = await postJson(`${fake.url}/things`, { a: 1 }, auth);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/things/1');
    expect(await created.json()).toEqual({ created: { a: 1 } });
    const text = await fetch(`${fake.url}/text`, { headers: { 'x-api-key': 'k1' } });
    expect(await text.text()).toBe('plain');
    expect((await fetch(`${fake.url}/elsewhere`, { headers: auth })).status).toBe(404);
    const denied = await fetch(`${fake.url}/status`);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'unauthorized' });
  });
});
