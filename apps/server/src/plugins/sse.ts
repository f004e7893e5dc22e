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
  // Frames produced in the same turn of the event loop (a model's burst of deltas) leave in one
  // socket write: a write per frame costs a system call each, the largest CPU cost of a turn.
  let buffered = 'retry: 1000\n\n';
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    scheduled = undefined;
    if (buffered === '' || raw.writableEnded || raw.destroyed) return;
    const chunk = buffered;
    buffered = '';
    raw.write(chunk);
  };
  const enqueue = (frame: string) => {
    buffered += frame;
    scheduled ??= setImmediate(flush);
  };
  flush();
  const heartbeat = setInterval(() => enqueue(': ping\n\n'), heartbeatMs);
  const close = () => {
    clearInterval(heartbeat);
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    controller.abort();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  return {
    send(event) {
      if (raw.writableEnded) return;
      enqueue(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    signal: controller.signal,
    end() {
      clearInterval(heartbeat);
      if (scheduled) clearImmediate(scheduled);
      scheduled = undefined;
      if (raw.writableEnded) return;
      const chunk = buffered;
      buffered = '';
      if (chunk) raw.end(chunk);
      else raw.end();
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
