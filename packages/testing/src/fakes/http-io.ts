import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import { gunzipSync, inflateSync } from 'node:zlib';

/** Waits `ms` milliseconds; resolves at once for 0 or less (keeps zero-think-time fakes fast). */
export async function sleep(ms: number | undefined, signal?: AbortSignal): Promise<void> {
  if (ms == null || ms <= 0) return;
  try {
    await sleepTimer(ms, undefined, signal ? { signal } : undefined);
  } catch {
    // aborted: the caller checks the signal itself
  }
}

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a request's whole body, decompressed when it came gzip- or deflate-encoded (SDKs' exports do). */
export async function readDecodedBody(req: IncomingMessage): Promise<Buffer> {
  const body = await readBody(req);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

/**
 * Parses a body by content type: JSON (invalid JSON stays a string), multipart and url-encoded forms
 * (to a record; files become `{ filename, size, type }`), anything else as text.
 */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const fields: Record<string, unknown> = {};
      for (const [key, value] of form.entries()) {
        const parsed =
          typeof value === 'string' ? value : { filename: value.name, size: value.size, type: value.type };
        const existing = fields[key];
        if (existing === undefined) fields[key] = parsed;
        else fields[key] = Array.isArray(existing) ? [...existing, parsed] : [existing, parsed];
      }
      return fields;
    } catch {
      return text;
    }
  }
  if (type.includes('json') || (type === '' && /^\s*[[{]/.test(text))) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Sends a JSON response with an explicit content length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** Options for {@link SseWriter}. */
export interface SseWriterOptions {
  /** Delay before each event after the first (chunk pacing). */
  eventDelayMs?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Writes a `text/event-stream` response event by event, stopping quietly once the client is gone. */
export class SseWriter {
  readonly #res: ServerResponse;
  readonly #delayMs: number;
  #sent = 0;

  /** Starts the stream (writes the 200 head). */
  constructor(res: ServerResponse, options: SseWriterOptions = {}) {
    this.#res = res;
    this.#delayMs = options.eventDelayMs ?? 0;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...options.headers,
    });
    res.flushHeaders();
  }

  /** True once the client disconnected or the response ended. */
  get closed(): boolean {
    return this.#res.destroyed || this.#res.writableEnded;
  }

  /** Writes one event: optional `event:` line, then `data:` (objects are JSON-encoded). */
  async send(data: unknown, event?: string): Promise<void> {
    if (this.#sent > 0) await sleep(this.#delayMs);
    if (this.closed) return;
    this.#sent += 1;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    this.#res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`);
  }

  /** Writes a raw frame without pacing (e.g. an SSE comment or keepalive). */
  raw(frame: string): void {
    if (!this.closed) this.#res.write(frame);
  }

  /** Ends the stream. */
  end(): void {
    if (!this.closed) this.#res.end();
  }
}

/** Returns the bearer token of an `Authorization` header, if any. */
export function bearerToken(headers: Record<string, string>): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
  return match?.[1]?.trim();
}

/** Narrows an unknown value to a plain record. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a string property of an unknown value. */
export function stringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' ? field : undefined;
}
