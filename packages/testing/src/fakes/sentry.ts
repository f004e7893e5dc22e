import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readDecodedBody } from './http-io.ts';

/** One item of a Sentry envelope: its header (`type`, …) and its payload (parsed when JSON). */
export interface SentryEnvelopeItem {
  header: Record<string, unknown> & { type: string };
  payload: unknown;
}

/** One envelope as the SDK posted it. */
export interface SentryEnvelope {
  /** The project id of the path (`/api/<project>/envelope/`). */
  projectId: string;
  header: Record<string, unknown>;
  items: SentryEnvelopeItem[];
  /** The request's headers (the SDK's `x-sentry-auth`, content type). */
  requestHeaders: IncomingMessage['headers'];
  /** The envelope as received, decompressed, for "no secret anywhere" checks. */
  raw: string;
}

/** A local Sentry ingestion endpoint (`POST /api/<project>/envelope/`) on 127.0.0.1. */
export interface FakeSentry {
  /** A DSN pointing at this fake (`http://<key>@127.0.0.1:<port>/<project>`). */
  dsn: string;
  envelopes: SentryEnvelope[];
  /** Every `event` item's payload received so far. */
  events(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * Parses Sentry's envelope format: a JSON header line, then per item a JSON header line and its payload,
 * `length` bytes when the item header gives it, else up to the next newline.
 */
export function parseSentryEnvelope(body: Buffer): Pick<SentryEnvelope, 'header' | 'items'> {
  let offset = 0;
  const line = () => {
    const end = body.indexOf(0x0a, offset);
    const text = body.subarray(offset, end === -1 ? body.length : end).toString('utf8');
    offset = end === -1 ? body.length : end + 1;
    return text;
  };
  const header = JSON.parse(line()) as Record<string, unknown>;
  const items: SentryEnvelopeItem[] = [];
  while (offset < body.length) {
    const headerText = line();
    if (headerText.trim() === '') continue;
    const itemHeader = JSON.parse(headerText) as SentryEnvelopeItem['header'];
    let payloadText: string;
    if (typeof itemHeader.length === 'number') {
      payloadText = body.subarray(offset, offset + itemHeader.length).toString('utf8');
      offset += itemHeader.length;
      if (body[offset] === 0x0a) offset += 1;
    } else payloadText = line();
    let payload: unknown = payloadText;
    try {
      payload = JSON.parse(payloadText);
    } catch {
      // An attachment or another non-JSON payload: kept as text.
    }
    items.push({ header: itemHeader, payload });
  }
  return { header, items };
}

/** Starts a fake Sentry that records every envelope posted to it and answers `200 {}`. */
export async function startFakeSentry(options: { publicKey?: string; projectId?: string } = {}) {
  const publicKey = options.publicKey ?? 'fakepublickey';
  const projectId = options.projectId ?? '42';
  const envelopes: SentryEnvelope[] = [];
  const server = createServer(async (request, response) => {
    const match = /^\/api\/([^/]+)\/envelope\/?(?:\?.*)?$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"not found"}');
      return;
    }
    try {
      const body = await readDecodedBody(request);
      envelopes.push({
        projectId: match[1] ?? '',
        ...parseSentryEnvelope(body),
        requestHeaders: request.headers,
        raw: body.toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: `bad envelope: ${(error as Error).message}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeSentry = {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    envelopes,
    events: () =>
      envelopes.flatMap((envelope) =>
        envelope.items
          .filter((item) => item.header.type === 'event')
          .map((item) => item.payload as Record<string, unknown>),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
