import { baseSpec, defaultStatusMessage, type FakeRoute, startFakeHttpServer } from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson, sleep } from './http-io.ts';
import { hashFraction, hashHex, slugify } from './text.ts';
import type { BaseFakeOptions, FakeServer } from './types.ts';

/** One Tavily search result. */
export interface TavilyResult {
  title: string;
  url: string;
  content: string;
  score: number;
  raw_content: string | null;
}

/** A Tavily `/search` answer. */
export interface TavilySearchResponse {
  query: string;
  follow_up_questions: null;
  answer: string | null;
  images: string[];
  results: TavilyResult[];
  response_time: number;
  request_id: string;
}

/** Options of {@link startFakeTavily}. */
export interface FakeTavilyOptions extends BaseFakeOptions {
  /** Replaces the deterministic generator (the answer's `query` and `response_time` are still filled in). */
  search?: (query: string, body: Record<string, unknown>) => Partial<TavilySearchResponse>;
  /** Delay before every answer (default 0). */
  latencyMs?: number;
}

/** Tavily's error body: `{ detail: { error } }`. */
export function tavilyErrorBody(status: number, message = defaultStatusMessage(status)): unknown {
  return { detail: { error: message } };
}

/**
 * Builds the deterministic Tavily answer for a query: `max_results` (default 5) results on
 * `example.com` with descending scores, plus an `answer` when `include_answer` is truthy.
 */
export function tavilyResultsFor(query: string, body: Record<string, unknown> = {}): TavilySearchResponse {
  const max = typeof body.max_results === 'number' ? Math.max(0, Math.min(20, body.max_results)) : 5;
  const slug = slugify(query);
  const results = Array.from({ length: max }, (_, i) => {
    const score = Number((0.95 - i * 0.07 - hashFraction(`${query}#${i}`) * 0.03).toFixed(5));
    return {
      title: `${query} - result ${i + 1}`,
      url: `https://example.com/${slug}/${i + 1}`,
      content: `Deterministic fake content ${i + 1} about "${query}" (${hashHex(`${query}#${i}`, 8)}).`,
      score,
      raw_content: body.include_raw_content ? `# ${query}\n\nRaw fake page ${i + 1} about ${query}.` : null,
    };
  });
  return {
    query,
    follow_up_questions: null,
    answer: body.include_answer ? `Fake answer about "${query}" based on ${max} results.` : null,
    images: [],
    results,
    response_time: 0.01,
    request_id: hashHex(`tavily:${query}`, 32),
  };
}

/**
 * Starts a fake Tavily search API on 127.0.0.1: `POST /search` with `query` and the key either as
 * `api_key` in the body or `Authorization: Bearer`. Results are deterministic from the query; errors
 * use Tavily's `{ detail: { error } }` shape. The handle adds `searches` (queries received, in order).
 */
export async function startFakeTavily(
  options: FakeTavilyOptions = {},
): Promise<FakeServer & { searches: string[] }> {
  const searches: string[] = [];
  const search: FakeRoute = {
    method: 'POST',
    path: /^\/search$/,
    handle: async ({ req, res, signal }) => {
      const body = isRecord(req.body) ? req.body : {};
      const key = typeof body.api_key === 'string' ? body.api_key : bearerToken(req.headers);
      if (options.apiKey != null && key !== options.apiKey) {
        sendJson(res, 401, tavilyErrorBody(401, 'Unauthorized: missing or invalid API key.'));
        return;
      }
      if (typeof body.query !== 'string' || body.query.trim().length === 0) {
        sendJson(res, 400, tavilyErrorBody(400, 'Query is missing.'));
        return;
      }
      searches.push(body.query);
      const started = Date.now();
      await sleep(options.latencyMs, signal);
      const answer = { ...tavilyResultsFor(body.query, body), ...options.search?.(body.query, body) };
      answer.query = body.query;
      answer.response_time = Number(((Date.now() - started) / 1000 + 0.01).toFixed(2));
      sendJson(res, 200, answer);
    },
  };
  const server = await startFakeHttpServer({
    name: 'tavily',
    ...baseSpec(options),
    errorBody: tavilyErrorBody,
    routes: [search],
  });
  return {
    ...server,
    searches,
    reset: () => {
      server.reset();
      searches.length = 0;
    },
  };
}
