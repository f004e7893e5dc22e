import type { Config } from '@renum/config';
import { withClient } from '@renum/db';
import { type FetchSource, type PlatformDeps, resolveCredentialIn, SourceFetchError } from '@renum/platform';
import {
  checkPublicTarget,
  createEgressClient,
  resolveToolServicesConfig,
  systemResolver,
} from '@renum/tools';

/**
 * Fetches URL sources for knowledge bases (ADR 0038). With the client's Firecrawl credential, Firecrawl
 * scrapes the page (`POST {base}/v1/scrape`, Markdown without navigation), after the egress guard has
 * checked the target as if we fetched it ourselves; one credit, priced like the `web_scrape` tool and
 * paid by the client's key. Without one, the page is fetched through the egress guard (the tool proxy's
 * allowlist, every redirect hop checked, private and metadata addresses refused) and read by the built-in
 * HTML extraction. Either way the size limit is enforced while reading.
 */
export function createSourceFetcher(options: {
  config: Pick<Config, 'tools'>;
  deps: PlatformDeps;
}): FetchSource {
  const egress = createEgressClient({ allow: options.config.tools.egressAllow });
  const firecrawl = resolveToolServicesConfig(
    options.config.tools.firecrawlUrl ? { firecrawl: { baseUrl: options.config.tools.firecrawlUrl } } : {},
  ).firecrawl;
  const readBody = async (response: Awaited<ReturnType<typeof egress.request>>, maxBytes: number) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw new SourceFetchError('too_large', `The page is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Uint8Array);
    }
    return Buffer.concat(chunks);
  };
  const direct: FetchSource = async (url, { signal, maxBytes }) => {
    const started = performance.now();
    const response = await egress.request(url, { signal, headersTimeout: 15_000, bodyTimeout: 30_000 });
    if (response.statusCode >= 400) {
      await response.body.dump();
      throw new SourceFetchError('fetch_http_error', `The page answered HTTP ${response.statusCode}`);
    }
    const bytes = await readBody(response, maxBytes);
    const contentType = response.headers['content-type'];
    return {
      bytes,
      contentType: typeof contentType === 'string' ? contentType : null,
      via: 'direct',
      costUsd: 0,
      apiKeyType: 'platform',
      latencyMs: performance.now() - started,
    };
  };
  const scrape = async (
    url: string,
    key: string,
    { signal, maxBytes }: Parameters<FetchSource>[1],
  ): ReturnType<FetchSource> => {
    const started = performance.now();
    await checkPublicTarget(url, { egress: egress.policy, resolver: systemResolver });
    const response = await egress.request(`${firecrawl.baseUrl}/v1/scrape`, {
      method: 'POST',
      signal,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ url, formats: ['markdown'], onlyMainContent: true }),
      headersTimeout: 60_000,
      bodyTimeout: 60_000,
    });
    const raw = await readBody(response, maxBytes * 2);
    const body = parseJson(raw);
    const data = body?.data as
      | { markdown?: unknown; metadata?: { title?: unknown; statusCode?: unknown } }
      | undefined;
    if (response.statusCode >= 400 || body?.success !== true || typeof data?.markdown !== 'string') {
      const said = typeof body?.error === 'string' ? `: ${body.error.slice(0, 300)}` : '';
      throw new SourceFetchError(
        'fetch_http_error',
        `Firecrawl could not scrape the page (HTTP ${response.statusCode})${said}`,
      );
    }
    const status = data.metadata?.statusCode;
    if (typeof status === 'number' && status >= 400) {
      throw new SourceFetchError('fetch_http_error', `The page answered HTTP ${status} (through Firecrawl)`);
    }
    const bytes = Buffer.from(data.markdown, 'utf8');
    if (bytes.length > maxBytes)
      throw new SourceFetchError('too_large', `The page is larger than ${maxBytes} bytes`);
    return {
      bytes,
      contentType: 'text/markdown',
      via: 'firecrawl',
      costUsd: firecrawl.pricePerCreditUsd,
      apiKeyType: 'client',
      latencyMs: performance.now() - started,
    };
  };
  return async (url, fetchOptions) => {
    const credential = await withClient(options.deps.db, fetchOptions.clientId, (tx) =>
      resolveCredentialIn(tx, options.deps, { clientId: fetchOptions.clientId, service: 'firecrawl' }),
    );
    const key = credential?.fields.api_key;
    return key ? scrape(url, key, fetchOptions) : direct(url, fetchOptions);
  };
}

function parseJson(raw: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}
