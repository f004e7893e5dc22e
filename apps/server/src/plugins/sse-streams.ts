import { setTimeout as sleep } from 'node:timers/promises';

/** An open run stream as the registry sees it. */
export interface OpenRunStream {
  /** The run the stream follows. */
  readonly runId: string;
  /** Resolves when the stream has ended, for whatever reason. */
  readonly closed: Promise<void>;
  /**
   * Ends the stream because the process is stopping: unless the run's terminal event was sent, an
   * `error` event `INTERRUPTED` goes first. True when that event was sent.
   */
  interrupt(now: Date): boolean;
}

/** The open run streams (SSE) of one server, so that a stopping process ends them with an event. */
export interface SseStreams {
  /** Registers a stream until it closes. */
  add(stream: OpenRunStream): void;
  /** Streams open now. */
  readonly size: number;
  /**
   * Ends every open stream with an `error` event `INTERRUPTED` (streams that already sent their run's
   * terminal event just end). Streams following a run in `settling` (runs this process has just
   * interrupted, whose own `error` event is on its way) get up to `waitMs` to end by themselves first.
   * Resolves with the number of events it had to send itself.
   */
  interrupt(options: { now: Date; settling?: readonly string[]; waitMs?: number }): Promise<number>;
}

/** Creates the registry `buildApp` decorates the server with (`app.sseStreams`). */
export function createSseStreams(): SseStreams {
  const open = new Set<OpenRunStream>();
  return {
    add(stream) {
      open.add(stream);
      void stream.closed.then(() => open.delete(stream));
    },
    get size() {
      return open.size;
    },
    async interrupt({ now, settling = [], waitMs = 1000 }) {
      const waiting = [...open].filter((stream) => settling.includes(stream.runId));
      if (waiting.length > 0) {
        const timeout = new AbortController();
        await Promise.race([
          Promise.all(waiting.map((stream) => stream.closed)),
          sleep(waitMs, undefined, { signal: timeout.signal }).catch(ignoreAbort),
        ]);
        timeout.abort();
      }
      let sent = 0;
      for (const stream of [...open]) if (stream.interrupt(now)) sent++;
      return sent;
    },
  };
}

/** The wait is aborted on purpose once every settling stream has closed; anything else propagates. */
function ignoreAbort(error: unknown): undefined {
  if (error instanceof Error && error.name === 'AbortError') return undefined;
  throw error;
}
