import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody, sendJson, sleep } from './http-io.ts';
import type { BaseFakeOptions, FakeReply, FakeRequestMatcher, FakeServer, RecordedRequest } from './types.ts';

/** What a route handler receives. */
export interface RouteContext {
  /** The recorded request. */
  req: RecordedRequest;
  /** The raw response to write to. */
  res: ServerResponse;
  /** Capture groups of the route's path pattern. */
  params: string[];
  /** Aborted when the client disconnects or the fake closes. */
  signal: AbortSignal;
}

/** One route of a fake. */
export interface FakeRoute {
  /** HTTP method, upper-case. */
  method: string;
  /** Pattern matched against the whole path (anchor it with `^…$`). */
  path: RegExp;
  /** Answers the request. */
  handle: (ctx: RouteContext) => void | Promise<void>;
  /** Whether the route requires the API key (default true). */
  auth?: boolean;
}

/** An error response in the service's shape. */
export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Describes a fake service to {@link startFakeHttpServer}. */
export interface FakeServerSpec {
  /** Service name, used in messages. */
  name: string;
  /** Port to listen on (default 0). */
  port?: number;
  /** Routes, tried in order. */
  routes: FakeRoute[];
  /** Builds the service's error body for a status code and message (undefined: the service's default message). */
  errorBody: (status: number, message?: string) => unknown;
  /** Returns an error reply when the request is not authorized, or undefined to let it through. */
  authorize?: (req: RecordedRequest) => ErrorReply | undefined;
  /** Headers added to every response (e.g. a request id). */
  responseHeaders?: (req: RecordedRequest) => Record<string, string>;
  /** Replies queued from the start. */
  replies?: FakeReply[];
  /** Keep only the latest N recorded requests (default: all). */
  maxRecordedRequests?: number;
  /** Idle keep-alive timeout of connections, in ms (default 1000). */
  keepAliveMs?: number | undefined;
  /** Called once when the fake closes (stop timers, end streams). */
  onClose?: () => void | Promise<void>;
}

/** Picks the spec fields every fake takes straight from its {@link BaseFakeOptions}. */
export function baseSpec(
  options: BaseFakeOptions,
): Pick<FakeServerSpec, 'port' | 'replies' | 'maxRecordedRequests' | 'keepAliveMs'> {
  return {
    port: options.port,
    replies: options.replies,
    maxRecordedRequests: options.maxRecordedRequests,
    keepAliveMs: options.keepAliveMs,
  };
}

/** Tells whether a request matches a scripted-reply matcher. */
export function matchesRequest(matcher: FakeRequestMatcher | undefined, req: RecordedRequest): boolean {
  if (matcher == null) return true;
  if (typeof matcher === 'function') return matcher(req);
  if (matcher.method && matcher.method.toUpperCase() !== req.method) return false;
  if (matcher.path == null) return true;
  return typeof matcher.path === 'string' ? matcher.path === req.path : matcher.path.test(req.path);
}

/** Default message for a scripted status code. */
export function defaultStatusMessage(status: number): string {
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Rate limit exceeded';
  if (status === 529) return 'Overloaded';
  if (status >= 500) return 'Internal server error';
  return 'Bad request';
}

function recordRequest(req: IncomingMessage, raw: Buffer, body: unknown): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    rawBody: raw.toString('utf8'),
    receivedAt: Date.now(),
  };
}

/** Makes the response destroy its socket after `intactWrites` body writes (sending half the next chunk). */
function armMidBodyDrop(res: ServerResponse, intactWrites: number): void {
  let writes = 0;
  let dropped = false;
  const write = res.write.bind(res) as (chunk: unknown, callback?: () => void) => boolean;
  const cut = (chunk: unknown): void => {
    if (dropped) return;
    dropped = true;
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const half = text.slice(0, Math.floor(text.length / 2));
    if (!res.headersSent) res.flushHeaders();
    write(half, () => res.socket?.destroy());
  };
  res.write = ((chunk: unknown) => {
    if (dropped || writes >= intactWrites) {
      cut(chunk);
      return true;
    }
    writes += 1;
    return write(chunk);
  }) as ServerResponse['write'];
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (dropped) return res;
    if (chunk == null || typeof chunk === 'function') return end();
    if (writes >= intactWrites) {
      cut(chunk);
      return res;
    }
    return end(chunk);
  }) as ServerResponse['end'];
}

/**
 * Starts a fake HTTP service on 127.0.0.1: records every request, applies queued scripted replies,
 * checks authorization, then dispatches to the spec's routes. Route errors become 500s in the
 * service's error shape; unknown paths become 404s.
 */
export async function startFakeHttpServer(spec: FakeServerSpec): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [...(spec.replies ?? [])];
  const waiters = new Set<() => void>();
  const lifetime = new AbortController();
  let closed: Promise<void> | undefined;

  const takeReply = (req: RecordedRequest): FakeReply | undefined => {
    const index = queue.findIndex((reply) => matchesRequest(reply.match, req));
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const recorded = recordRequest(req, raw, await parseBody(raw, req.headers['content-type']));
    requests.push(recorded);
    if (spec.maxRecordedRequests != null && requests.length > spec.maxRecordedRequests) requests.shift();
    for (const wake of [...waiters]) wake();
    const request = new AbortController();
    const abort = () => request.abort();
    lifetime.signal.addEventListener('abort', abort, { once: true });
    res.on('close', () => {
      lifetime.signal.removeEventListener('abort', abort);
      abort();
    });
    const signal = request.signal;
    const common = spec.responseHeaders?.(recorded) ?? {};

    const reply = takeReply(recorded);
    if (reply) {
      await sleep(reply.delayMs, signal);
      if (signal.aborted) return;
      if (reply.drop === 'before-response') {
        req.socket.destroy();
        return;
      }
      if (reply.drop === 'mid-body') armMidBodyDrop(res, reply.dropAfterWrites ?? 1);
      if (reply.status != null) {
        const headers: Record<string, string> = { ...common, ...reply.headers };
        if (reply.retryAfter != null) headers['retry-after'] = String(reply.retryAfter);
        const body = reply.body ?? spec.errorBody(reply.status, reply.message);
        sendJson(res, reply.status, body, headers);
        return;
      }
    }

    const matching = spec.routes.filter((route) => route.path.test(recorded.path));
    const route = matching.find((candidate) => candidate.method === recorded.method);
    if (!route) {
      const status = matching.length > 0 ? 405 : 404;
      const message = `${spec.name} fake: no route for ${recorded.method} ${recorded.path}`;
      sendJson(res, status, spec.errorBody(status, message), common);
      return;
    }
    if (route.auth !== false) {
      const denied = spec.authorize?.(recorded);
      if (denied) {
        sendJson(res, denied.status, denied.body, { ...common, ...denied.headers });
        return;
      }
    }
    for (const [name, value] of Object.entries(common)) res.setHeader(name, value);
    const params = (route.path.exec(recorded.path) ?? [])
      .slice(1)
      .map((part) => decodeURIComponent(part ?? ''));
    await route.handle({ req: recorded, res, params, signal });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = `${spec.name} fake failed: ${(error as Error).message}`;
      sendJson(res, 500, spec.errorBody(500, message));
    });
  });
  server.keepAliveTimeout = spec.keepAliveMs ?? 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const close = (): Promise<void> => {
    closed ??= (async () => {
      lifetime.abort();
      await spec.onClose?.();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    })();
    return closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    pendingReplies: () => queue.length,
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    waitForRequests: (count, options = {}) =>
      new Promise<void>((resolve, reject) => {
        const check = (): boolean => {
          if (requests.filter((r) => matchesRequest(options.match, r)).length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
          return true;
        };
        const timeoutMs = options.timeoutMs ?? 5000;
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${spec.name} fake: timed out waiting for ${count} request(s)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
