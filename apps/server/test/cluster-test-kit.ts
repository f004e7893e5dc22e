import { isTerminalRunEvent } from '@renum/contracts';
import { readSseFrames } from '@renum/sdk';
import { expect } from 'vitest';

// Helpers of cluster.test.ts: HTTP calls to the processes, SSE reading, waiting and bounded concurrency.

/** A JSON answer, read loosely. */
// biome-ignore lint/suspicious/noExplicitAny: the test reads loosely-typed JSON answers
export type Json = any;

/** A run event as it arrived over SSE, with when. */
export interface Arrived {
  event: Json;
  at: number;
}

/** Calls `base + path` (JSON body and bearer token when given) and reads the JSON answer. */
export async function call(
  base: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** {@link call}, expecting a 2xx answer; returns its body. */
export async function ok(
  base: string,
  path: string,
  options: Parameters<typeof call>[2] = {},
): Promise<Json> {
  const answer = await call(base, path, options);
  expect(answer.status, `${options.method ?? 'GET'} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(
    300,
  );
  return answer.body;
}

/** Reads an SSE response to its end: the run events, each with its arrival time. */
export async function readEvents(response: Response, onEvent?: (event: Json) => void): Promise<Arrived[]> {
  expect(response.status).toBe(200);
  const arrived: Arrived[] = [];
  for await (const frame of readSseFrames(response.body!)) {
    if (!frame.data) continue;
    const event = JSON.parse(frame.data);
    arrived.push({ event, at: performance.now() });
    onEvent?.(event);
  }
  return arrived;
}

/** Follows a run's events on `base` (`GET /v1/runs/{id}/events`) until the stream ends. */
export async function followRun(base: string, token: string, runId: string): Promise<Arrived[]> {
  const response = await fetch(`${base}/v1/runs/${runId}/events`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  return readEvents(response);
}

/** Polls `probe` every 50 ms until it answers a value (not null, undefined or false); fails naming `what`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** `work` on every item, at most `limit` at a time; the results in the items' order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `promise`, or a failure naming what `unfinished()` finds when it takes longer than `timeoutMs`. */
export async function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  unfinished: () => Promise<unknown>,
) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const state = await unfinished().catch((error: unknown) => error);
      reject(new Error(`not done after ${timeoutMs} ms: ${JSON.stringify(state)}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A stream followed on the API process that did not accept the message: strictly increasing `seq`
 * (so each event once), every stored event of the run, ending with the stored terminal event. An event
 * the killed worker published but never stored may be there too, before the resumed status only.
 */
export function checkStream(
  arrived: Arrived[],
  stored: Array<{ seq: number; type: string }>,
  resumedSeq: number | undefined,
): void {
  const seqs = arrived.map(({ event }) => event.seq as number);
  for (let index = 1; index < seqs.length; index++) expect(seqs[index]).toBeGreaterThan(seqs[index - 1]!);
  const last = arrived.at(-1)!.event;
  expect(isTerminalRunEvent(last)).toBe(true);
  expect(last.type).toBe('complete');
  expect(last.seq).toBe(stored.at(-1)!.seq);
  const streamed = new Map(arrived.map(({ event }) => [event.seq as number, event.type as string]));
  for (const event of stored) expect(streamed.get(event.seq), `event ${event.seq}`).toBe(event.type);
  const storedSeqs = new Set(stored.map((event) => event.seq));
  const unstored = seqs.filter((seq) => !storedSeqs.has(seq));
  if (resumedSeq === undefined) expect(unstored).toEqual([]);
  else for (const seq of unstored) expect(seq).toBeLessThan(resumedSeq);
}
