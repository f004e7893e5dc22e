import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';

/** Headers of one hop only (RFC 9110 §7.6.1): never passed on. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A started {@link startRoundRobinProxy}. */
export interface RoundRobinProxy {
  /** `http://HOST:PORT` it listens on. */
  readonly url: string;
  /** Stops accepting connections; those open are closed after `graceMs` (streams included). */
  close(graceMs?: number): Promise<void>;
}

/**
 * A development reverse proxy in front of several API processes (`npm run cluster`): each request or
 * WebSocket upgrade goes to the next of `targets()` in turn. Responses are piped as they arrive, so an
 * SSE stream is not buffered; a client that goes away closes its upstream request. With
 * `forwardedFor`, the caller's address is appended to `X-Forwarded-For` (set it only when the servers
 * trust this proxy, `RENUM_TRUST_PROXY`, else they ignore it).
 */
export function startRoundRobinProxy(options: {
  /** Base URLs of the live API processes; asked on every request, so a dead one can be left out. */
  targets: () => readonly string[];
  port: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue false */
  forwardedFor?: boolean;
  /** Reports a failed proxied exchange (the caller got a 502 or a cut connection). */
  onError: (error: Error, request: { method: string; url: string }) => void;
}): Promise<RoundRobinProxy> {
  let turn = 0;
  const next = (): URL | null => {
    const targets = options.targets();
    if (targets.length === 0) return null;
    const target = targets[turn++ % targets.length] as string;
    return new URL(target);
  };
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) =>
    forwardRequest({ request, response, target: next(), agent, ...options }),
  );
  server.on('upgrade', (request, socket, head) =>
    forwardUpgrade({ request, socket, head, target: next(), ...options }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${host}:${address.port}`,
        close: (graceMs = 0) => closeServer(server, agent, graceMs),
      });
    });
  });
}

function forwardRequest(options: {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  target: URL | null;
  agent: http.Agent;
  forwardedFor?: boolean;
  onError: (error: Error, request: { method: string; url: string }) => void;
}): void {
  const { request, response, target } = options;
  const about = { method: request.method ?? 'GET', url: request.url ?? '/' };
  if (!target) {
    answerError(response, 503, 'No API process is running');
    return;
  }
  // Set when the caller goes away first (a closed SSE stream): the upstream request is then cut on
  // purpose, and the errors that follow from it are not failures.
  let callerGone = false;
  const report = (error: Error) => {
    if (!callerGone) options.onError(error, about);
  };
  const upstream = http.request(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: forwardedHeaders(request, options.forwardedFor ?? false),
      agent: options.agent,
    },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, withoutHopByHop(upstreamResponse.headers));
      // Sent at once, so a stream's first bytes are not held until its first event.
      response.flushHeaders();
      upstreamResponse.pipe(response);
      upstreamResponse.on('error', (error) => {
        report(error);
        response.destroy(error);
      });
    },
  );
  upstream.on('error', (error) => {
    report(error);
    if (!response.headersSent) answerError(response, 502, `The API process did not answer: ${error.message}`);
    else response.destroy(error);
  });
  response.on('close', () => {
    if (response.writableFinished) return;
    callerGone = true;
    upstream.destroy();
  });
  request.pipe(upstream);
}

/** Passes a WebSocket (or any) upgrade through as raw bytes once the upstream connection is open. */
function forwardUpgrade(options: {
  request: http.IncomingMessage;
  socket: Duplex;
  head: Buffer;
  target: URL | null;
  forwardedFor?: boolean;
  onError: (error: Error, request: { method: string; url: string }) => void;
}): void {
  const { request, socket, target } = options;
  const about = { method: request.method ?? 'GET', url: request.url ?? '/' };
  if (!target) {
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
    return;
  }
  const upstream = net.connect(Number(target.port), target.hostname, () => {
    const headers = forwardedHeaders(request, options.forwardedFor ?? false, true);
    const lines = Object.entries(headers).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((item) => `${name}: ${item}`),
    );
    upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    if (options.head.length > 0) upstream.write(options.head);
    socket.pipe(upstream).pipe(socket);
  });
  upstream.on('error', (error) => {
    options.onError(error, about);
    socket.destroy();
  });
  socket.on('error', (error) => {
    options.onError(error, about);
    upstream.destroy();
  });
}

/** The caller's headers for the API process: hop-by-hop ones dropped (kept for an upgrade). */
function forwardedHeaders(
  request: http.IncomingMessage,
  forwardedFor: boolean,
  upgrade = false,
): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = upgrade
    ? { ...request.headers }
    : withoutHopByHop(request.headers);
  if (forwardedFor && request.socket.remoteAddress) {
    const earlier = request.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = earlier
      ? `${earlier}, ${request.socket.remoteAddress}`
      : request.socket.remoteAddress;
  }
  return headers;
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));
}

function answerError(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: message, code: status === 503 ? 'UNAVAILABLE' : 'BAD_GATEWAY' }));
}

async function closeServer(server: http.Server, agent: http.Agent, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
  agent.destroy();
}
