import type { Session } from '@renum/contracts';
import { RenumApiError } from './renum-api-error.ts';
import type { SessionStore, SessionTokens } from './session-store.ts';

/** A query string's values; `undefined` leaves the parameter out. */
export type QueryValues = Record<string, string | number | boolean | undefined | null>;

/** One HTTP call through the {@link Transport}. */
export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: QueryValues;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the session's access token (or the API key). @defaultValue true */
  authenticated?: boolean;
}

/** Why a session ended on its own (not by {@link Transport.clearSession}). */
export type SessionEndReason = 'refresh_rejected';

/** Options of {@link createTransport}; see `createRenumClient` for their meaning. */
export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
  store: SessionStore;
  apiKey?: string | undefined;
  onSession?: ((session: Session) => void) | undefined;
  onSessionEnd?: ((reason: SessionEndReason) => void) | undefined;
  now: () => number;
}

/** Authenticated HTTP with automatic, single-flight refresh-token rotation. */
export interface Transport {
  /** Sends a request; answers the parsed JSON body, `undefined` for 204. Throws {@link RenumApiError}. */
  json<T>(options: RequestOptions): Promise<T>;
  /** Sends a request and answers the raw 2xx response (for streams). Throws {@link RenumApiError}. */
  open(options: RequestOptions): Promise<Response>;
  /**
   * Rotates the refresh token. Concurrent callers share one request; a caller whose access token is
   * already stale in the store (another tab or request refreshed it) gets the new tokens without a request.
   * Answers null when the session has ended.
   */
  refresh(staleAccessToken?: string): Promise<SessionTokens | null>;
  /** Stores the tokens of a session answer (login, signup, refresh). */
  saveSession(session: Session): void;
  /** Forgets the session. */
  clearSession(): void;
  readonly store: SessionStore;
}

/** Access tokens this close to expiry are refreshed before use, not after a 401. */
const expirySkewMs = 10_000;

/** Builds the {@link Transport} a client's resource groups share. */
export function createTransport(options: TransportOptions): Transport {
  const { store } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let inflight: Promise<SessionTokens | null> | null = null;

  const saveSession = (session: Session) => {
    store.save({
      accessToken: session.access_token,
      refreshToken: session.refresh_token,
      accessExpiresAt: options.now() + session.expires_in * 1000,
    });
    options.onSession?.(session);
  };

  async function rotate(staleAccessToken: string | undefined): Promise<SessionTokens | null> {
    const current = store.load();
    if (!current) return null;
    if (staleAccessToken !== undefined && current.accessToken !== staleAccessToken) return current;
    const response = await call({
      method: 'POST',
      path: '/v1/auth/refresh',
      body: { refresh_token: current.refreshToken },
      authenticated: false,
    });
    if (response.ok) {
      saveSession((await response.json()) as Session);
      return store.load();
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      // Expired, revoked or reused: this session is over. Another tab may have rotated meanwhile;
      // only clear the store when it still holds the token that was refused.
      if (store.load()?.refreshToken === current.refreshToken) store.save(null);
      else return store.load();
      options.onSessionEnd?.('refresh_rejected');
      return null;
    }
    // A 5xx or 429 says nothing about the session: keep it and let the caller see the failure.
    throw await RenumApiError.fromResponse(response);
  }

  function refresh(staleAccessToken?: string): Promise<SessionTokens | null> {
    inflight ??= rotate(staleAccessToken).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function call(request: RequestOptions, tokens?: SessionTokens | null): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    // A FormData body (a file upload) sets its own multipart content type and boundary.
    const form = typeof FormData !== 'undefined' && request.body instanceof FormData;
    if (request.body !== undefined && !form) headers['content-type'] = 'application/json';
    if (tokens) headers.authorization = `Bearer ${tokens.accessToken}`;
    else if (options.apiKey && request.authenticated !== false) headers['x-api-key'] = options.apiKey;
    const init: RequestInit = { method: request.method, headers };
    if (request.body !== undefined)
      init.body = form ? (request.body as FormData) : JSON.stringify(request.body);
    if (request.signal) init.signal = request.signal;
    try {
      return await options.fetch(buildUrl(baseUrl, request.path, request.query), init);
    } catch (error) {
      const aborted = request.signal?.aborted === true;
      throw new RenumApiError({
        status: 0,
        code: aborted ? 'ABORTED' : 'NETWORK_ERROR',
        message: aborted ? 'The request was cancelled' : 'The server could not be reached',
        cause: error,
      });
    }
  }

  async function open(request: RequestOptions): Promise<Response> {
    let tokens = request.authenticated === false ? null : store.load();
    if (tokens && tokens.accessExpiresAt - expirySkewMs <= options.now()) {
      tokens = await refresh(tokens.accessToken);
    }
    let response = await call(request, tokens);
    if (response.status === 401 && tokens) {
      const next = await refresh(tokens.accessToken);
      if (next) response = await call(request, next);
    }
    if (!response.ok) throw await RenumApiError.fromResponse(response);
    return response;
  }

  return {
    store,
    open,
    refresh,
    saveSession,
    clearSession: () => store.save(null),
    async json<T>(request: RequestOptions): Promise<T> {
      const response = await open(request);
      if (response.status === 204) return undefined as T;
      try {
        return (await response.json()) as T;
      } catch (error) {
        throw new RenumApiError({
          status: response.status,
          code: 'INVALID_RESPONSE',
          message: 'The server answered with something that is not JSON',
          cause: error,
        });
      }
    },
  };
}

/** Joins the base URL, the path and the defined query values. */
export function buildUrl(baseUrl: string, path: string, query?: QueryValues): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.set(key, String(value));
  }
  const suffix = search.size > 0 ? `?${search.toString()}` : '';
  return `${baseUrl}${path}${suffix}`;
}

/** Encodes one path segment (ids come from people and URLs). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}
