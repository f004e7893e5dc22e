import type { Client, Login, Me, Session, Signup, UpdateClientSettings } from '@renum/contracts';
import type { Transport } from '../transport.ts';

/** Signup, login, refresh and logout; the session answers are stored in the client's session store. */
export function createAuthApi(transport: Transport) {
  return {
    /** Creates a client and its owner, and starts their session. */
    async signup(input: Signup, options: { signal?: AbortSignal } = {}): Promise<Session> {
      const session = await transport.json<Session>({
        method: 'POST',
        path: '/v1/auth/signup',
        body: input,
        authenticated: false,
        ...options,
      });
      transport.saveSession(session);
      return session;
    },
    /** Logs in and starts the session. */
    async login(input: Login, options: { signal?: AbortSignal } = {}): Promise<Session> {
      const session = await transport.json<Session>({
        method: 'POST',
        path: '/v1/auth/login',
        body: input,
        authenticated: false,
        ...options,
      });
      transport.saveSession(session);
      return session;
    },
    /** Rotates the tokens now (the client also does it on its own on a 401). Null when the session ended. */
    refresh: () => transport.refresh(),
    /**
     * Forgets the session here, then ends it on the server. Resolves `true` when the server revoked it,
     * `false` when that request failed (offline, server down: the refresh token then simply expires), so a
     * caller can tell; the local logout happens either way.
     */
    async logout(): Promise<boolean> {
      const tokens = transport.store.load();
      transport.clearSession();
      if (!tokens) return true;
      return transport
        .json<void>({
          method: 'POST',
          path: '/v1/auth/logout',
          body: { refresh_token: tokens.refreshToken },
          authenticated: false,
        })
        .then(
          () => true,
          () => false,
        );
    },
    /** True when a session is stored (it may still turn out to be expired). */
    hasSession: () => transport.store.load() !== null,
  };
}

/** The caller: person, client, role and memberships. */
export function createMeApi(transport: Transport) {
  return {
    get: (options: { signal?: AbortSignal } = {}) =>
      transport.json<Me>({ method: 'GET', path: '/v1/me', ...options }),
    /** Changes the caller's company: name, language, time zone (owners and admins). */
    updateClient: (input: UpdateClientSettings) =>
      transport.json<Client>({ method: 'PATCH', path: '/v1/client', body: input }),
  };
}
