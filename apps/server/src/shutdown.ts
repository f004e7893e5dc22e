import { setTimeout as sleep } from 'node:timers/promises';
import type { RunManager } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** Time the runs and streams still going at the end of the grace period get to end once interrupted. */
export const interruptMarginMs = 5000;

const idleSweepMs = 100;

/**
 * Stops serving: the server stops accepting, and in-flight requests, streams and the runs executing
 * here get `graceMs` to finish. Whatever is still going then is interrupted: each run ends `failed`
 * with `INTERRUPTED` and its terminal `error` event (stored, so a client that reconnects replays it),
 * then every stream still open ends with an `error` event `INTERRUPTED` instead of a reset connection.
 * Resolves once the server is closed and no run is left.
 */
export async function finishOrInterrupt(options: {
  app: FastifyInstance;
  manager: RunManager;
  /** @defaultValue 10000 (`RENUM_SHUTDOWN_GRACE_MS`) */
  graceMs: number;
  clock: () => Date;
  logger: Pick<Logger, 'warn'>;
}): Promise<void> {
  const closed = options.app.close();
  // A connection a finished answer leaves idle (streams ask for keep-alive) would otherwise hold the
  // close until the client drops it.
  const sweep = setInterval(() => options.app.server.closeIdleConnections(), idleSweepMs);
  try {
    const finished = Promise.all([closed, options.manager.drain()]);
    if (await settlesWithin(finished, options.graceMs)) return;
    const interrupted = await options.manager.interrupt();
    const sent = await options.app.sseStreams.interrupt({ now: options.clock(), settling: interrupted });
    options.logger.warn(
      { runs: interrupted, streams: sent },
      'grace period over: runs in progress interrupted, open streams ended',
    );
    await finished;
  } finally {
    clearInterval(sweep);
  }
}

async function settlesWithin(work: Promise<unknown>, milliseconds: number): Promise<boolean> {
  const timeout = new AbortController();
  const outcome = await Promise.race([
    work.then(() => true),
    sleep(milliseconds, false, { signal: timeout.signal }),
  ]);
  timeout.abort();
  return outcome;
}
