import {
  type CircuitBreakerPolicy,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { SunaApiError, sunaErrorFromBody } from './suna-api-error.ts';

/** How the platform reaches one Suna backend (era C, `/v1`, see `reference/suna-api.md`). */
export interface SunaClientOptions {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:8000`. */
  readonly baseUrl: string;
  /** `X-API-Key: pk_…:sk_…`, the service account's key. */
  readonly apiKey?: string | undefined;
  /** A service JWT, sent as `Authorization: Bearer`; thread reads (reconciliation) need it. */
  readonly jwt?: string | undefined;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Time limit of one call (not of a stream). @defaultValue 15_000 */
  readonly timeoutMs?: number;
  /** Attempts of an idempotent call (reads, stop). Starting a run is never retried. @defaultValue 3 */
  readonly maxAttempts?: number;
  /** Consecutive failures that open an endpoint's breaker. @defaultValue 5 */
  readonly breakerFailures?: number;
  /** How long an open breaker refuses calls before trying one. @defaultValue 10_000 */
  readonly breakerHalfOpenAfterMs?: number;
  /** First retry delay. @defaultValue 100 */
  readonly retryDelayMs?: number;
}

/** `POST /v1/agent/start`'s answer. */
export interface SunaStartAnswer {
  readonly thread_id: string;
  readonly agent_run_id: string;
  readonly project_id?: string;
  readonly status?: string;
}

/** `GET /v1/agent-run/{id}` (camelCase in every era). */
export interface SunaRunView {
  readonly id: string;
  readonly status: string;
  readonly error?: string | null;
}

/** A row of `GET /v1/threads/{id}/messages`. */
export interface SunaMessageRow {
  readonly message_id: string;
  readonly type: string;
  readonly content: unknown;
  readonly metadata: unknown;
}

/** The calls the Suna executor makes; each goes through its endpoint's timeout, retry and breaker. */
export interface SunaClient {
  readonly baseUrl: string;
  startRun(form: FormData, signal?: AbortSignal): Promise<SunaStartAnswer>;
  /** Opens the run's SSE stream (resumed after `lastId`); the caller reads and cancels the body. */
  openStream(
    runId: string,
    lastId: string | undefined,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>>;
  getRun(runId: string, signal?: AbortSignal): Promise<SunaRunView>;
  stopRun(runId: string, signal?: AbortSignal): Promise<void>;
  /** `optimized=false&order=asc`, with the JWT (Suna reads threads with a Bearer JWT only). */
  threadMessages(threadId: string, signal?: AbortSignal): Promise<SunaMessageRow[]>;
  createAgent(body: Record<string, unknown>, signal?: AbortSignal): Promise<{ agent_id: string }>;
  updateAgent(agentId: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<void>;
  /** `GET /v1/health` (no auth): `{ status, timestamp, instance_id }`. */
  health(signal?: AbortSignal): Promise<{ status: string }>;
}

type Endpoint = 'start' | 'stream' | 'run' | 'stop' | 'messages' | 'agents' | 'health';

interface CallOptions {
  readonly endpoint: Endpoint;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly body?: FormData | Record<string, unknown>;
  readonly idempotent: boolean;
  readonly auth?: 'jwt' | 'any' | 'none';
  readonly signal?: AbortSignal | undefined;
  /** Stream calls have no time limit once the answer started. */
  readonly stream?: boolean;
}

function isServiceFailure(error: unknown): boolean {
  return !SunaApiError.isInstance(error) || error.isRetryable;
}

async function readError(response: Response): Promise<SunaApiError> {
  const text = await response.text().catch((cause: unknown) => String(cause));
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page): the text is the detail.
  }
  return sunaErrorFromBody(response.status, body);
}

/**
 * A client of Suna's era-C HTTP API. Every endpoint has its own circuit breaker, so a failing stream
 * endpoint does not stop health checks; reads and stop are retried with backoff, a start never is (it
 * would start a second run). Failures are {@link SunaApiError}s (status 0 when nothing answered).
 */
export function createSunaClient(options: SunaClientOptions): SunaClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const breakers = new Map<Endpoint, CircuitBreakerPolicy>();
  const breakerOf = (endpoint: Endpoint) => {
    let breaker = breakers.get(endpoint);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(isServiceFailure), {
        halfOpenAfter: options.breakerHalfOpenAfterMs ?? 10_000,
        breaker: new ConsecutiveBreaker(options.breakerFailures ?? 5),
      });
      breakers.set(endpoint, breaker);
    }
    return breaker;
  };
  const retryPolicy = retry(handleWhen(isServiceFailure), {
    maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
    backoff: new ExponentialBackoff({ initialDelay: options.retryDelayMs ?? 100, maxDelay: 2_000 }),
  });

  const headersFor = (auth: CallOptions['auth']): Record<string, string> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth === 'none') return headers;
    if (options.apiKey && auth !== 'jwt') headers['x-api-key'] = options.apiKey;
    if (options.jwt) headers.authorization = `Bearer ${options.jwt}`;
    return headers;
  };

  const send = async (call: CallOptions, signal: AbortSignal): Promise<Response> => {
    const headers = headersFor(call.auth ?? 'any');
    let body: FormData | string | undefined;
    if (call.body instanceof FormData) body = call.body;
    else if (call.body) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    if (call.stream) headers.accept = 'text/event-stream';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${call.path}`, { method: call.method, headers, body, signal });
    } catch (cause) {
      throw new SunaApiError({ message: (cause as Error).message ?? 'fetch failed', status: 0, cause });
    }
    if (!response.ok) throw await readError(response);
    return response;
  };

  /** Runs a call through its endpoint's policies; the answer's body is read inside them (the time limit's
   * signal is aborted once the policy returns). */
  const call = <T>(request: CallOptions, read: (response: Response) => Promise<T>): Promise<T> => {
    const limit = timeout(options.timeoutMs ?? 15_000, TimeoutStrategy.Aggressive);
    const breaker = breakerOf(request.endpoint);
    const policy = request.idempotent ? wrap(retryPolicy, breaker, limit) : wrap(breaker, limit);
    return policy.execute(async ({ signal }) => read(await send(request, signal)), request.signal);
  };
  const json = <T>(request: CallOptions): Promise<T> =>
    call(request, (response) => response.json() as Promise<T>);
  const empty = (request: CallOptions): Promise<void> =>
    call(request, async (response) => {
      await response.arrayBuffer();
    });

  return {
    baseUrl,
    startRun: (form, signal) =>
      json({
        endpoint: 'start',
        method: 'POST',
        path: '/v1/agent/start',
        body: form,
        idempotent: false,
        signal,
      }),
    openStream: async (runId, lastId, signal) => {
      const query = lastId ? `?last_id=${encodeURIComponent(lastId)}` : '';
      const path = `/v1/agent-run/${encodeURIComponent(runId)}/stream${query}`;
      // Not through the time limit's signal: that one aborts the body when the policy returns.
      const breaker = breakerOf('stream');
      const response = await breaker.execute(() =>
        send({ endpoint: 'stream', method: 'GET', path, idempotent: true, stream: true }, signal),
      );
      if (!response.body) throw new SunaApiError({ message: 'Suna sent a stream without a body', status: 0 });
      return response.body;
    },
    getRun: (runId, signal) =>
      json({
        endpoint: 'run',
        method: 'GET',
        path: `/v1/agent-run/${encodeURIComponent(runId)}`,
        idempotent: true,
        signal,
      }),
    stopRun: async (runId, signal) => {
      const path = `/v1/agent-run/${encodeURIComponent(runId)}/stop`;
      await empty({ endpoint: 'stop', method: 'POST', path, idempotent: true, signal });
    },
    threadMessages: async (threadId, signal) => {
      const path = `/v1/threads/${encodeURIComponent(threadId)}/messages?order=asc&optimized=false`;
      const answer = await json<{ messages?: SunaMessageRow[] }>({
        endpoint: 'messages',
        method: 'GET',
        path,
        idempotent: true,
        auth: 'jwt',
        signal,
      });
      return answer.messages ?? [];
    },
    createAgent: (body, signal) =>
      json({ endpoint: 'agents', method: 'POST', path: '/v1/agents', body, idempotent: false, signal }),
    updateAgent: async (agentId, body, signal) => {
      const path = `/v1/agents/${encodeURIComponent(agentId)}`;
      await empty({ endpoint: 'agents', method: 'PUT', path, body, idempotent: true, signal });
    },
    health: (signal) =>
      json({ endpoint: 'health', method: 'GET', path: '/v1/health', idempotent: true, auth: 'none', signal }),
  };
}
