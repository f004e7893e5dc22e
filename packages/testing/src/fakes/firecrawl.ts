import { baseSpec, defaultStatusMessage, type FakeRoute, startFakeHttpServer } from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson, sleep } from './http-io.ts';
import { hashHex } from './text.ts';
import type { BaseFakeOptions, FakeServer } from './types.ts';

/** Content the fake returns for one URL (anything left out is generated from the URL). */
export interface FakeFirecrawlPage {
  title?: string;
  description?: string;
  markdown?: string;
  html?: string;
  links?: string[];
  /** HTTP status the "target site" answered with (default 200). */
  statusCode?: number;
}

/** Options of {@link startFakeFirecrawl}. */
export interface FakeFirecrawlOptions extends BaseFakeOptions {
  /** Fixed content per exact URL. */
  pages?: Record<string, FakeFirecrawlPage>;
  /** Delay before every answer (default 0). */
  latencyMs?: number;
}

/** Firecrawl's error body: `{ success: false, error }`. */
export function firecrawlErrorBody(status: number, message = defaultStatusMessage(status)): unknown {
  return { success: false, error: message };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Builds the deterministic Firecrawl `data` for a URL and requested formats. The URL is never fetched:
 * title and text are derived from its host and path.
 */
export function firecrawlDataFor(
  url: URL,
  formats: string[],
  page: FakeFirecrawlPage = {},
): Record<string, unknown> {
  const segments = url.pathname.split('/').filter(Boolean);
  const topic = segments.length > 0 ? segments.join(' / ') : 'home';
  const title = page.title ?? `${url.hostname} - ${topic}`;
  const description = page.description ?? `Fake page for ${url.href}`;
  const markdown =
    page.markdown ??
    `# ${title}\n\nThis is deterministic fake content for ${url.href} (${hashHex(url.href, 8)}).\n\n` +
      `- host: ${url.hostname}\n- path: ${url.pathname}\n\n[Related](${url.origin}/related)\n`;
  const links = page.links ?? [`${url.origin}/related`, `${url.origin}/about`];
  const html =
    page.html ??
    `<html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>` +
      `<p>This is deterministic fake content for ${escapeHtml(url.href)}.</p>` +
      `${links.map((link) => `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`).join('')}</body></html>`;
  const data: Record<string, unknown> = {};
  if (formats.includes('markdown')) data.markdown = markdown;
  if (formats.includes('html')) data.html = html;
  if (formats.includes('rawHtml')) data.rawHtml = html;
  if (formats.includes('links')) data.links = links;
  data.metadata = {
    title,
    description,
    language: 'en',
    sourceURL: url.href,
    url: url.href,
    statusCode: page.statusCode ?? 200,
    contentType: 'text/html; charset=utf-8',
    scrapeId: hashHex(`scrape:${url.href}`, 32),
  };
  return data;
}

/**
 * Starts a fake Firecrawl API on 127.0.0.1: `POST /v1/scrape` with `Authorization: Bearer` and
 * `{ url, formats }`, answering `{ success: true, data: { markdown, metadata: { title, sourceURL,
 * statusCode } } }` generated from the URL (never fetched). The handle adds `scraped` (URLs received).
 */
export async function startFakeFirecrawl(
  options: FakeFirecrawlOptions = {},
): Promise<FakeServer & { scraped: string[] }> {
  const scraped: string[] = [];
  const scrape: FakeRoute = {
    method: 'POST',
    path: /^\/v1\/scrape$/,
    handle: async ({ req, res, signal }) => {
      const body = isRecord(req.body) ? req.body : {};
      let url: URL | undefined;
      try {
        url = typeof body.url === 'string' && /^https?:\/\//i.test(body.url) ? new URL(body.url) : undefined;
      } catch {
        url = undefined;
      }
      if (!url) {
        sendJson(res, 400, {
          success: false,
          error: 'Bad Request',
          details: [{ code: 'invalid_string', message: 'Invalid URL', path: ['url'] }],
        });
        return;
      }
      const formats = Array.isArray(body.formats) ? body.formats.map(String) : ['markdown'];
      scraped.push(String(body.url));
      await sleep(options.latencyMs, signal);
      const page = options.pages?.[String(body.url)] ?? options.pages?.[url.href];
      sendJson(res, 200, { success: true, data: firecrawlDataFor(url, formats, page) });
    },
  };
  const server = await startFakeHttpServer({
    name: 'firecrawl',
    ...baseSpec(options),
    errorBody: firecrawlErrorBody,
    authorize: (req) => {
      if (options.apiKey == null) return undefined;
      const token = bearerToken(req.headers);
      if (token === options.apiKey) return undefined;
      const message = token == null ? 'Unauthorized' : 'Unauthorized: Invalid token';
      return { status: 401, body: firecrawlErrorBody(401, message) };
    },
    routes: [scrape],
  });
  return {
    ...server,
    scraped,
    reset: () => {
      server.reset();
      scraped.length = 0;
    },
  };
}
