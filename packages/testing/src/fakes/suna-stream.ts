import type { RouteContext } from './fake-http-server.ts';
import { SseWriter } from './http-io.ts';
import type { SunaEvent } from './suna-events.ts';
import type { SunaRun } from './suna-runs.ts';

const TERMINAL = new Set(['completed', 'failed', 'stopped', 'error']);

/** Tells whether an event is a terminal `status` event that closes the stream. */
export function isTerminalSunaEvent(event: SunaEvent): boolean {
  return event.type === 'status' && TERMINAL.has(String(event.status));
}

/**
 * Serves `GET /v1/agent-run/{id}/stream`: catch-up of the buffered events after `last_id`, then live
 * events, `{"type":"ping"}` keepalives, closing after a terminal status. A run that already ended
 * without a terminal event in the buffer gets a synthetic `completed`, as Suna does.
 * `openStreams` receives a closer so the fake can end every stream when it shuts down.
 */
export async function serveSunaStream(
  ctx: RouteContext,
  run: SunaRun,
  pingIntervalMs: number,
  openStreams: Set<() => void>,
): Promise<void> {
  const sse = new SseWriter(ctx.res);
  await new Promise<void>((resolve) => {
    let ended = false;
    let ping: NodeJS.Timeout | undefined;
    const listeners = run.listeners;
    const dropAfter = run.dropStreamAfter;
    run.dropStreamAfter = undefined;
    let written = 0;
    const write = (event: SunaEvent): void => {
      if (ended) return;
      sse.raw(`data: ${JSON.stringify(event)}\n\n`);
      written += 1;
      if (isTerminalSunaEvent(event) || written === dropAfter) end();
    };
    const end = (): void => {
      if (ended) return;
      ended = true;
      listeners.delete(write);
      clearInterval(ping);
      openStreams.delete(end);
      sse.end();
      resolve();
    };
    ping = setInterval(() => sse.raw('data: {"type":"ping"}\n\n'), pingIntervalMs);
    ping.unref();
    openStreams.add(end);
    ctx.signal.addEventListener('abort', end, { once: true });
    const from = run.events.findIndex((event) => event._event_id === ctx.req.query.last_id) + 1;
    for (const event of run.events.slice(from)) if (!ended) write(event);
    if (ended) return;
    if (run.status !== 'running')
      write({ type: 'status', status: 'completed', message: 'Agent run already ended' });
    else listeners.add(write);
  });
}
