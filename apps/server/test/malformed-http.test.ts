import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parses one HTTP/1.1 answer once it is complete (a HEAD answer has no body); null while bytes are missing. */
function parseAnswer(raw: string, options: { head?: boolean } = {}): RawAnswer | null {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd === -1) return null;
  const [statusLine = '', ...lines] = raw.slice(0, headerEnd).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  const body = raw.slice(headerEnd + 4);
  const length =
    options.head || headers['content-length'] === undefined ? 0 : Number(headers['content-length']);
  if (Buffer.byteLength(body) < length) return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** Writes raw bytes to the server and reads the first answer (the server may close right after it). */
async function send(port: number, bytes: string): Promise<RawAnswer> {
  const head = bytes.startsWith('HEAD ');
  const socket: Socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let raw = '';
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1');
      const parsed = parseAnswer(raw, { head });
      if (parsed) resolve(parsed);
    });
    socket.on('error', () => {}); // a reset after the answer is expected; 'close' reports a missing one
    socket.on('close', () =>
      reject(new Error(`connection closed without a complete answer: ${JSON.stringify(raw)}`)),
    );
  });
  socket.write(bytes, 'latin1');
  try {
    return await answer;
  } finally {
    socket.destroy();
  }
}

const expectErrorShape = (answer: RawAnswer, status: number, code: string) => {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body);
  expect(body).toMatchObject({ code, error: expect.any(String) });
  expect(Object.keys(body)).not.toContain('statusCode');
};

describe('every error answer has the { error, code } shape, even before routing', () => {
  let t: TestApp;
  let port: number;
  const slow = Promise.withResolvers<void>();

  beforeAll(async () => {
    t = await createTestApp(pglite);
    // A request that stays in flight while the server closes (see the last test).
    t.app.get('/test/slow', async () => {
      await slow.promise;
      return { done: true };
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    slow.resolve();
    await t?.close();
  });

  const malformed: Array<[name: string, bytes: string]> = [
    ['a bad byte in the method', 'GE\u0001T /health HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a bad byte in the URL', 'GET /hea\u0001lth HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an unknown HTTP version', 'GET /health HTTP/9.9\r\nHost: x\r\n\r\n'],
    [
      'a Content-Length that is not a number',
      'POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    ],
    [
      'two different Content-Lengths',
      'POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ],
    [
      'Content-Length with Transfer-Encoding',
      'POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    ],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
    ['an HTTP/1.1 request without Host', 'GET /health HTTP/1.1\r\n\r\n'],
  ];
  for (const [name, bytes] of malformed) {
    it(`answers ${name} with 400 MALFORMED_REQUEST`, async () => {
      expectErrorShape(await send(port, bytes), 400, 'MALFORMED_REQUEST');
    });
  }

  it('answers a 20 KB URL with 414 and 64 KB of headers with 431', async () => {
    const longUrl = await send(port, `GET /health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectErrorShape(longUrl, 414, 'URL_TOO_LONG');
    const bigHeader = await send(
      port,
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(65_536)}\r\n\r\n`,
    );
    expectErrorShape(bigHeader, 431, 'HEADERS_TOO_LARGE');
  });

  it('answers what the router refuses: a bad percent-encoding, an over-long path segment', async () => {
    const badEncoding = await send(port, 'GET /v1/agents/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n');
    expectErrorShape(badEncoding, 400, 'MALFORMED_REQUEST');
    const longSegment = await send(port, `GET /v1/agents/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectErrorShape(longSegment, 414, 'URL_TOO_LONG');
  });

  it('answers unknown routes with 404 NOT_FOUND for every method, HEAD without a body', async () => {
    for (const method of ['GET', 'POST', 'OPTIONS', 'DELETE']) {
      const answer = await send(port, `${method} /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
      expectErrorShape(answer, 404, 'NOT_FOUND');
    }
    const head = await send(port, 'HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(head.status).toBe(404);
    expect(head.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers an unknown Expect as if it were absent instead of a bare 417', async () => {
    const answer = await send(port, 'GET /health HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });

  it('answers a request too slow to arrive with 408 REQUEST_TIMEOUT', async () => {
    // Node reports a request that outlives `headersTimeout` through `clientError` on its next 30 s
    // check; emitting that same error for a live connection tests the answer without the wait.
    const connection = once(t.app.server, 'connection') as Promise<[Socket]>;
    const client = connect(port, '127.0.0.1');
    client.on('error', () => {});
    let raw = '';
    client.on('data', (chunk) => {
      raw += chunk.toString('latin1');
    });
    const closed = once(client, 'close');
    const [serverSide] = await connection;
    const error = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    t.app.server.emit('clientError', error, serverSide);
    await closed;
    const answer = parseAnswer(raw);
    expect(answer, raw).not.toBeNull();
    expectErrorShape(answer as RawAnswer, 408, 'REQUEST_TIMEOUT');
  });

  it('answers a request that arrives while the server closes with 503 NOT_READY', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let raw = '';
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1');
    });
    const slowArrived = once(t.app.server, 'request');
    socket.write('GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slowArrived;
    const closing = t.app.close();
    // The same keep-alive connection, busy with the slow request, sends another one.
    const secondArrived = once(t.app.server, 'request');
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await secondArrived;
    slow.resolve();
    await once(socket, 'close');
    await closing;
    expect(parseAnswer(raw)?.status).toBe(200);
    const second = parseAnswer(raw.slice(raw.indexOf('HTTP/1.1', 1)));
    expect(second, raw).not.toBeNull();
    expectErrorShape(second as RawAnswer, 503, 'NOT_READY');
  });
});
