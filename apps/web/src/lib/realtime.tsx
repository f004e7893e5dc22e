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
  }
  return connection;
}

/** The connection's status, re-rendering when it changes. */
export function useRealtimeStatus(connection: RealtimeConnection): RealtimeStatus {
  return useSyncExternalStore(
    (notify) => connection.onStatus(notify),
    () => connection.status,
  );
}
