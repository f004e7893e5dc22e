import { type WsServerFrame, wsCloseCodes } from '@renum/contracts';
import type { WebSocket } from 'ws';
import type { WsLimits } from './ws-limits.ts';

/** One socket's sending side and its keep-alive, with the limits that protect the process. */
export interface WsChannel {
  /** Sends a frame unless the socket is closing; a client that does not read is disconnected. */
  send(frame: WsServerFrame): void;
  /** Counts a frame the client sent; false when it is over the rate limit. */
  admit(): boolean;
  /** Closes with a code and reason (once). */
  close(code: number, reason: string): void;
  /** Aborts when the socket closed, for whatever reason. */
  readonly signal: AbortSignal;
}

/**
 * Wraps an accepted socket: bounded send buffer (close 1013 above `maxBufferedBytes`), a heartbeat
 * (a ping every `heartbeatMs`; no answer by the next one closes with 4000 and terminates), and a
 * fixed-window frame rate limit. `clock` counts the windows.
 */
export function openWsChannel(
  socket: WebSocket,
  options: { limits: WsLimits; clock: () => number },
): WsChannel {
  const { limits, clock } = options;
  const controller = new AbortController();
  let alive = true;
  let windowStart = clock();
  let framesInWindow = 0;
  const heartbeat = setInterval(() => {
    if (alive) {
      alive = false;
      socket.ping();
      return;
    }
    // Timers run before pending socket reads: after a busy event loop the pong may be waiting unread, so
    // it gets one turn of reads before the verdict.
    setImmediate(() => {
      if (alive) return;
      close(wsCloseCodes.idle, 'No answer to heartbeat');
      // A dead peer never completes the closing handshake.
      socket.terminate();
    });
  }, limits.heartbeatMs);
  heartbeat.unref();
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', () => {
    alive = true;
  });
  socket.once('close', () => {
    clearInterval(heartbeat);
    controller.abort();
  });
  const open = () => socket.readyState === socket.OPEN;
  const close = (code: number, reason: string) => {
    if (!open()) return;
    socket.close(code, reason);
  };
  return {
    send(frame) {
      if (!open()) return;
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        close(wsCloseCodes.slowConsumer, 'Send buffer full: the client does not read');
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify(frame));
    },
    admit() {
      const now = clock();
      if (now - windowStart >= limits.frameWindowMs) {
        windowStart = now;
        framesInWindow = 0;
      }
      framesInWindow++;
      return framesInWindow <= limits.framesPerWindow;
    },
    close,
    signal: controller.signal,
  };
}
