import type { RunEvent } from '@renum/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Heartbeat comment interval; keeps proxies and load balancers from closing an idle stream. */
const heartbeatMs = 15_000;

/** An open Server-Sent Events response. */
export interface SseStream {
  send(event: RunEvent): void;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
  end(): void;
}

/**
 * Takes over the reply as an SSE stream: each event framed as `id: <seq>`, `event: <type>`,
 * `data: <json>`, so a browser's EventSource resumes with Last-Event-ID on its own; headers that
 * stop proxies from buffering; heartbeats; ends cleanly when the client disconnects.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  const controller = new AbortController();
  // Headers hooks already set (CORS, security headers) must survive the hijack.
  const inherited = Object.fromEntries(
    Object.entries(reply.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    ),
  );
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    ...inherited,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  raw.write('retry: 1000\n\n');
  const heartbeat = setInterval(() => raw.write(': ping\n\n'), heartbeatMs);
  const close = () => {
    clearInterval(heartbeat);
    controller.abort();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    send(event) {
      if (raw.writableEnded) return;
      raw.write(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    signal: controller.signal,
    end() {
      clearInterval(heartbeat);
      if (!raw.writableEnded) raw.end();
    },
  };
}

/** The sequence to resume after: `Last-Event-ID` header, else `after_seq`, else 0. */
export function resumeSeq(request: FastifyRequest, afterSeq: number | undefined): number {
  const header = request.headers['last-event-id'];
  const fromHeader = typeof header === 'string' ? Number.parseInt(header, 10) : Number.NaN;
  if (Number.isInteger(fromHeader) && fromHeader >= 0) return fromHeader;
  return afterSeq ?? 0;
}
