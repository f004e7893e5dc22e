import type { ServerResponse } from 'node:http';
import { isTerminalRunEvent, type RunEvent, runNote } from '@renum/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SseStreams } from './sse-streams.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open run streams, ended with an `error` event when the process stops (see `main.ts`). */
    sseStreams: SseStreams;
  }
}

/** Heartbeat comment interval; keeps proxies and load balancers from closing an idle stream. */
const heartbeatMs = 15_000;

/** The run a stream follows: what the `error` event that ends it on shutdown names. */
export interface SseRun {
  runId: string;
  conversationId: string | null;
  /** The sequence the stream starts after. */
  afterSeq: number;
}

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
 * stop proxies from buffering; heartbeats; ends cleanly when the client disconnects. Registered in
 * `request.server.sseStreams` while open, so a stopping process ends it with an event, not a reset.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply, run: SseRun): SseStream {
  const controller = new AbortController();
  let lastSeq = run.afterSeq;
  let terminalSent = false;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const raw = takeOver(request, reply);
  // Frames produced in the same turn of the event loop (a model's burst of deltas) leave in one
  // socket write: a write per frame costs a system call each, the largest CPU cost of a turn.
  let buffered = '';
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
  // The headers leave with the first frames when they come in this turn of the event loop (the run's first
  // events usually do), in one write instead of two (ADR 0070).
  enqueue('retry: 1000\n\n');
  const heartbeat = setInterval(() => enqueue(': ping\n\n'), heartbeatMs);
  const stopTimers = () => {
    clearInterval(heartbeat);
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
  };
  const close = () => {
    stopTimers();
    controller.abort();
    markClosed();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  const end = () => {
    stopTimers();
    markClosed();
    if (raw.writableEnded) return;
    const chunk = buffered;
    buffered = '';
    if (chunk) raw.end(chunk);
    else raw.end();
  };
  request.server.sseStreams?.add({
    runId: run.runId,
    closed,
    interrupt(now) {
      if (raw.writableEnded || raw.destroyed) return false;
      const interrupted = !terminalSent;
      // Not stored, so it has no `id:`: a reconnecting EventSource resumes after the last stored event.
      if (interrupted) enqueue(interruptionFrame(run, lastSeq, now));
      end();
      controller.abort();
      return interrupted;
    },
  });
  return {
    send(event) {
      if (raw.writableEnded) return;
      lastSeq = Math.max(lastSeq, event.seq);
      if (isTerminalRunEvent(event)) terminalSent = true;
      enqueue(`id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    },
    signal: controller.signal,
    end,
  };
}

/** Hijacks the reply and writes the stream's headers, keeping those hooks already set (CORS, security). */
function takeOver(request: FastifyRequest, reply: FastifyReply): ServerResponse {
  const inherited = Object.fromEntries(
    Object.entries(reply.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    ),
  );
  reply.hijack();
  reply.raw.writeHead(200, {
    ...inherited,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  return reply.raw;
}

/**
 * The `error` event that ends a stream whose run this process does not execute (it goes on
 * elsewhere, or its process died) when this process stops: numbered as the next event would be.
 */
function interruptionFrame(run: SseRun, lastSeq: number, now: Date): string {
  const event: RunEvent = {
    type: 'error',
    code: 'INTERRUPTED',
    error: 'This server stopped before the answer ended; follow the run again from the last event received',
    retryable: true,
    content: '❌ Interrompido',
    ...runNote('run.interrupted'),
    run_id: run.runId,
    seq: lastSeq + 1,
    conversation_id: run.conversationId,
    created_at: now.toISOString(),
  };
  return `event: error\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The sequence to resume after: `Last-Event-ID` header, else `after_seq`, else 0. */
export function resumeSeq(request: FastifyRequest, afterSeq: number | undefined): number {
  const header = request.headers['last-event-id'];
  const fromHeader = typeof header === 'string' ? Number.parseInt(header, 10) : Number.NaN;
  if (Number.isInteger(fromHeader) && fromHeader >= 0) return fromHeader;
  return afterSeq ?? 0;
}
