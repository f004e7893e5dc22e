import { baseSpec, defaultStatusMessage, startFakeHttpServer } from './fake-http-server.ts';
import { bearerToken, sendJson, sleep } from './http-io.ts';
import type { BaseFakeOptions, FakeServer, RecordedRequest } from './types.ts';

/** What a generic fake API handler answers. */
export interface FakeHttpResponse {
  /** Status code (default 200). */
  status?: number;
  /** Body: JSON-encoded unless it is a string (default: no body for 204, else `{}`). */
  body?: unknown;
  /** Response headers; `content-type` defaults to `application/json`. */
  headers?: Record<string, string>;
  /** Delay before answering. */
  delayMs?: number;
}

/** Computes the answer of the generic fake API for a request. */
export type FakeHttpHandler = (request: RecordedRequest) => FakeHttpResponse | Promise<FakeHttpResponse>;

/** Options of {@link startFakeHttpApi}. */
export interface FakeHttpApiOptions extends BaseFakeOptions {
  /** Fixed answers by `"METHOD /path"` (exact path, no query), tried before `handler`. */
  routes?: Record<string, FakeHttpResponse | FakeHttpHandler>;
  /**
   * Answers requests no route matched; default: 200 with
   * `{ ok: true, method, path, query, headers, body }` echoing the request.
   */
  handler?: FakeHttpHandler;
}

/** The default echo answer of the generic fake API. */
export function echoHttpResponse(request: RecordedRequest): FakeHttpResponse {
  return {
    status: 200,
    body: {
      ok: true,
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: request.body ?? null,
    },
  };
}

/**
 * Starts a generic JSON HTTP API fake on 127.0.0.1 for `http_request` tool tests: records every
 * request and answers from `routes` / `handler` (default: echo the request). With `apiKey`, requests
 * need `Authorization: Bearer <key>` or `X-API-Key: <key>`, else 401 `{ error: "unauthorized" }`.
 */
export async function startFakeHttpApi(options: FakeHttpApiOptions = {}): Promise<FakeServer> {
  const handler = options.handler ?? echoHttpResponse;
  return startFakeHttpServer({
    name: 'http-api',
    ...baseSpec(options),
    errorBody: (status, message) => ({ error: message ?? defaultStatusMessage(status), status }),
    authorize: (req) => {
      if (options.apiKey == null) return undefined;
      if (bearerToken(req.headers) === options.apiKey || req.headers['x-api-key'] === options.apiKey)
        return undefined;
      return { status: 401, body: { error: 'unauthorized' }, headers: { 'www-authenticate': 'Bearer' } };
    },
    routes: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].map((method) => ({
      method,
      path: /^\/.*$/,
      handle: async ({ req, res, signal }) => {
        const route = options.routes?.[`${req.method} ${req.path}`];
        const answer = typeof route === 'function' ? await route(req) : (route ?? (await handler(req)));
        await sleep(answer.delayMs, signal);
        if (signal.aborted) return;
        const status = answer.status ?? 200;
        const headers = { ...answer.headers };
        if (status === 204 || status === 304 || req.method === 'HEAD') {
          res.writeHead(status, headers);
          res.end();
          return;
        }
        const contentType = Object.keys(headers).find((name) => name.toLowerCase() === 'content-type');
        if (typeof answer.body === 'string' && contentType) {
          res.writeHead(status, { 'content-length': Buffer.byteLength(answer.body), ...headers });
          res.end(answer.body);
          return;
        }
        sendJson(res, status, typeof answer.body === 'string' ? answer.body : (answer.body ?? {}), headers);
      },
    })),
  });
}
