import { createRenumClient, type RenumClient, type StorageLike, storageSessionStore } from '@renum/sdk';
import { createContext, type ReactNode, useContext } from 'react';

/** The SDK client of the app, and a way to hear that the session ended (refresh refused). */
export interface WebApi {
  client: RenumClient;
  onSessionEnd(listener: () => void): () => void;
}

/**
 * Builds the app's client. The session (access and refresh token) is kept in `localStorage`, so it
 * survives reloads and is shared by tabs (see README, "Web builder": why not an httpOnly cookie).
 */
export function createWebApi(
  options: { baseUrl?: string; fetch?: typeof fetch; storage?: StorageLike } = {},
): WebApi {
  const listeners = new Set<() => void>();
  const client = createRenumClient({
    baseUrl: options.baseUrl ?? '',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    session: storageSessionStore(options.storage ?? globalThis.localStorage, 'renum.session'),
    onSessionEnd: () => {
      for (const listener of listeners) listener();
    },
  });
  return {
    client,
    onSessionEnd(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const ApiContext = createContext<WebApi | null>(null);

/** Provides the client to the pages (tests provide one on a fake or real server). */
export function ApiProvider({ api, children }: { api: WebApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

/** The SDK client: `const client = useApi(); useQuery({ queryFn: () => client.agents.list() })`. */
export function useApi(): RenumClient {
  return useWebApi().client;
}

/** The client with its session-end subscription. */
export function useWebApi(): WebApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiProvider>');
  return api;
}
