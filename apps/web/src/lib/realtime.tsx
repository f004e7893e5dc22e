import type { RealtimeConnection, RealtimeStatus, RenumClient } from '@renum/sdk';
import { useSyncExternalStore } from 'react';
import { useApi } from './web-api.tsx';

const connections = new WeakMap<RenumClient, RealtimeConnection>();

/**
 * The page's one WebSocket (opened on first use, kept while the page lives): every screen that streams
 * shares it. It reconnects by itself and resumes without gaps or repeats (see the SDK's realtime client).
 */
export function useRealtime(): RealtimeConnection {
  const client = useApi();
  let connection = connections.get(client);
  if (!connection) {
    connection = client.realtime.connect();
    connections.set(client, connection);
    watchAttention(connection);
  }
  return connection;
}

/** Idle this long (no key, pointer or touch) and the person shows away. */
const idleAfterMs = 5 * 60_000;

/**
 * Tells the others this person is away while the tab is hidden or idle for {@link idleAfterMs}, and
 * online again on their next move. Lives as long as the page (one connection per page).
 */
function watchAttention(connection: RealtimeConnection): void {
  if (typeof document === 'undefined') return;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    clearTimeout(idleTimer);
    if (document.visibilityState === 'hidden') {
      connection.setPresence('away');
      return;
    }
    connection.setPresence('online');
    idleTimer = setTimeout(() => connection.setPresence('away'), idleAfterMs);
  };
  let lastMove = 0;
  const onMove = () => {
    // Pointer moves come in bursts: one check a second is enough.
    if (Date.now() - lastMove < 1000) return;
    lastMove = Date.now();
    update();
  };
  document.addEventListener('visibilitychange', update);
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'touchstart']) {
    document.addEventListener(type, onMove, { passive: true });
  }
  update();
}

/** The connection's status, re-rendering when it changes. */
export function useRealtimeStatus(connection: RealtimeConnection): RealtimeStatus {
  return useSyncExternalStore(
    (notify) => connection.onStatus(notify),
    () => connection.status,
  );
}
