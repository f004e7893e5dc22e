import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorBody, type ErrorCode, errorStatus } from '@renum/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What Node's HTTP parser attaches to the errors it reports through `clientError`. */
interface ParserError extends Error {
  code?: string;
  /** The chunk being parsed when the parser failed (a Buffer). */
  rawPacket?: unknown;
  /** Where in `rawPacket` it failed. */
  bytesParsed?: number;
}

/** A request line's start: a method token, a space, then the target. */
const requestLineStart = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ /;

/**
 * True when the header section overflowed while the parser was still reading the request line, i.e.
 * the URL alone is too long (`414`) rather than the headers (`431`). Node's `maxHeaderSize` counts both;
 * the chunk that overflowed tells them apart when it holds the request's start, as it does for a
 * request sent in one piece. A URL split across packets is answered `431`, which is also true.
 */
function overflowedInRequestLine(error: ParserError): boolean {
  const packet = error.rawPacket;
  if (!Buffer.isBuffer(packet) || !requestLineStart.test(packet.subarray(0, 64).toString('latin1')))
    return false;
  const lineEnd = packet.indexOf('\n');
  return lineEnd === -1 || lineEnd >= (error.bytesParsed ?? packet.length);
}

/** The answer to a request Node's HTTP parser refused; the status comes from the code's row. */
function parserErrorBody(error: ParserError): ErrorBody {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { error: 'The request took too long to arrive', code: 'REQUEST_TIMEOUT' };
    case 'HPE_HEADER_OVERFLOW':
      return overflowedInRequestLine(error)
        ? { error: 'The URL is too long', code: 'URL_TOO_LONG' }
        : { error: 'The request headers are too large', code: 'HEADERS_TOO_LARGE' };
    default:
      return {
        error: `Malformed HTTP request: ${error.message.replace(/^Parse Error: /, '')}`,
        code: 'MALFORMED_REQUEST',
      };
  }
}

/** A complete HTTP/1.1 answer written straight to a socket that has no request object. */
function rawAnswer(body: ErrorBody): string {
  const status = errorStatus[body.code];
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    'Connection: close',
    '',
    text,
  ].join('\r\n');
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP parser refuses (a bad byte in the request
 * line, an unknown HTTP version, a bad or doubled `Content-Length`, `Content-Length` with
 * `Transfer-Encoding`, a header without a colon, a URL or headers over `maxHeaderSize`, a request too
 * slow to arrive) with the API's error shape, then closes the connection, as Node itself does.
 */
export function answerClientError(this: FastifyInstance, error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body = parserErrorBody(error);
  this.log.debug({ err: error, code: body.code }, 'malformed HTTP request refused');
  // Like Node's own handler: never write into the middle of an answer already being sent.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawAnswer(body));
  socket.destroy();
}

/** Fastify's `frameworkErrors`: errors the router raises before a route is found. */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer = (code: ErrorCode, message: string) =>
    reply.status(errorStatus[code]).send({ error: message, code } satisfies ErrorBody);
  if (error.code === 'FST_ERR_BAD_URL')
    return void answer('MALFORMED_REQUEST', 'Malformed URL: invalid percent-encoding in the path');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return void answer('URL_TOO_LONG', 'The URL is too long: a path segment exceeds 100 characters');
  request.log.error({ err: error }, 'router error');
  return void reply
    .status(500)
    .send({ error: 'Internal error', code: 'INTERNAL_ERROR', request_id: request.id } satisfies ErrorBody);
}

/**
 * The answers Node and Fastify would otherwise give without the error shape: an HTTP/1.1 request
 * without `Host` (Node's bare 400; `requireHostHeader` is off so it reaches here), a request that
 * arrives while the server closes (Fastify's own 503; `return503OnClosing` is off), and an `Expect`
 * other than `100-continue` (Node's bare 417), which is ignored and the request answered as usual.
 */
export function registerHttpErrors(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      return reply
        .status(errorStatus.NOT_READY)
        .send({ error: 'The server is shutting down', code: 'NOT_READY' } satisfies ErrorBody);
    }
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
      return reply
        .status(400)
        .send({ error: 'Malformed HTTP request: missing Host header', code: 'MALFORMED_REQUEST' });
    return undefined;
  });
  app.server.on('checkExpectation', (request, response) => app.server.emit('request', request, response));
}
