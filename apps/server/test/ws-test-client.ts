import type { WsServerFrame } from '@renum/contracts';
import { WebSocket } from 'ws';

/** A raw WebSocket client for tests: every frame received is kept, and awaited by predicate. */
export interface TestSocket {
  socket: WebSocket;
  /** Every frame received so far, in order. */
  frames: WsServerFrame[];
  send(frame: unknown): void;
  sendRaw(data: string): void;
  /** The first frame (from the start) matching `match`, waiting for it up to `timeoutMs`. */
  next<T extends WsServerFrame['type']>(
    type: T,
    match?: (frame: Extract<WsServerFrame, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<WsServerFrame, { type: T }>>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Opens `url` (http(s) base + path and query) as a WebSocket with optional headers. */
export async function openTestSocket(
  url: string,
  options: { headers?: Record<string, string>; waitOpen?: boolean } = {},
): Promise<TestSocket> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers: options.headers ?? {} });
  const frames: WsServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as WsServerFrame);
    for (const wake of [...waiters]) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
    });
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`unexpected response ${response.statusCode}`)),
    );
  });
  if (options.waitOpen !== false) await opened;
  else opened.catch(() => undefined);
  const testSocket: TestSocket = {
    socket,
    frames,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendRaw: (data) => socket.send(data),
    next(type, match = () => true, timeoutMs = 5000) {
      const find = () =>
        frames.find(
          (frame) => frame.type === type && match(frame as Extract<WsServerFrame, { type: typeof type }>),
        ) as Extract<WsServerFrame, { type: typeof type }> | undefined;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find();
          if (found) {
            done();
            resolve(found);
          } else if (socket.readyState === socket.CLOSED) {
            done();
            reject(new Error(`socket closed before a ${type} frame; got ${JSON.stringify(frames)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${type} frame in ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    closed,
    async close() {
      // Terminated, not closed: a paused or dead peer would never finish the closing handshake.
      if (socket.readyState !== socket.CLOSED) socket.terminate();
      await closed;
    },
  };
  return testSocket;
}
