import type { WsServerFrame } from '@renum/contracts';
import type { RealtimeConnection, RealtimeStatus, StorageLike } from '@renum/sdk';
import { createWebApi, type WebApi } from '../src/lib/web-api.tsx';

/** One answer of the fake server: status and JSON body. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  /** A raw `text/event-stream` body instead of JSON (an SSE answer, closed after these frames). */
  sse?: string;
}

/** Requests the fake server saw. */
export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
}

/**
 * A client whose fetch answers from `routes` (`'POST /v1/auth/login'` → answer or function), for
 * component tests that need no real server. Unknown routes answer 404 in the API's error shape.
 */
export function fakeApi(
  routes: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)>,
  storage: StorageLike = localStorage,
): WebApi & { requests: FakeRequest[] } {
  const requests: FakeRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://renum.test');
    const headers = new Headers(init.headers);
    const request: FakeRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('authorization'),
    };
    requests.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const answer =
      typeof route === 'function'
        ? route(request)
        : (route ?? { status: 404, body: { error: 'Route not found', code: 'NOT_FOUND' } });
    if (answer.sse !== undefined)
      return new Response(answer.sse, {
        status: answer.status,
        headers: { 'content-type': 'text/event-stream' },
      });
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  const api = createWebApi({ fetch: fetch as typeof globalThis.fetch, storage });
  // The app opens its WebSocket on every page (notifications, ADR 0061): here one that never opens, so the
  // requests a test checks are the page's own; a test that drives frames replaces it (fakeConnection).
  api.client.realtime.connect = () => fakeConnection('connecting').connection;
  return { ...api, requests };
}

/** A WebSocket connection of the SDK's shape, in `status`, whose frames the test sends with `push`. */
export function fakeConnection(status: RealtimeStatus = 'open') {
  const listeners = new Set<(frame: WsServerFrame) => void>();
  const connection: RealtimeConnection = {
    status,
    on: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus: () => () => undefined,
    subscribe: () => undefined,
    unsubscribe: () => undefined,
    send: () => undefined,
    online: () => [],
    presenceOf: () => 'offline',
    setPresence: () => undefined,
    close: () => undefined,
  };
  const push = (frame: WsServerFrame) => {
    for (const listener of listeners) listener(frame);
  };
  /** How many listeners follow the frames (a lazily loaded follower has arrived when above 0). */
  const listening = () => listeners.size;
  return { connection, push, listening };
}

const clientId = '0190a000-0000-7000-8000-0000000000c1';
const userId = '0190a000-0000-7000-8000-0000000000u1'.replace('u', 'a');

/** A session answer as the server gives it. */
export function sessionAnswer(name = 'Ana Souza') {
  const now = '2026-01-01T00:00:00.000Z';
  return {
    access_token: 'access-token',
    refresh_token: 'refresh-token-0123456789',
    token_type: 'Bearer',
    expires_in: 900,
    user: { id: userId, email: 'ana@example.com', name, platform_role: 'none', created_at: now },
    client: {
      id: clientId,
      name: 'Loja da Ana',
      slug: 'loja-da-ana',
      status: 'active',
      plan: 'free',
      settings: {},
      prompt_logging_until: null,
      created_at: now,
      updated_at: now,
    },
    role: 'owner',
  };
}

/** The `GET /v1/me` answer matching {@link sessionAnswer}. */
export function meAnswer(name = 'Ana Souza') {
  const session = sessionAnswer(name);
  return {
    user: session.user,
    client: session.client,
    role: 'owner',
    auth: 'user',
    memberships: [{ client_id: clientId, client_name: 'Loja da Ana', role: 'owner' }],
  };
}

/** `GET /v1/agents/{id}`'s answer for a draft agent of the demo client, with what a test overrides. */
export function agentAnswer(
  overrides: { id: string; name: string; tools: unknown[] } & Record<string, unknown>,
) {
  const now = '2026-01-01T00:00:00.000Z';
  return {
    client_id: '0190a000-0000-7000-8000-0000000000c1',
    description: null,
    slug: overrides.name.toLowerCase(),
    model: 'offline/renum',
    system_prompt: 'Help.',
    channel: 'web',
    template_type: null,
    status: 'draft',
    is_public: false,
    public_url: null,
    config: {},
    access_count: 0,
    fallback_models: [],
    max_steps: 8,
    executor: 'builtin',
    prompt_template_version_id: null,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}
