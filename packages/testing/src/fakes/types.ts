/** A request received by a fake server, recorded for assertions. */
export interface RecordedRequest {
  /** HTTP method, upper-case. */
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Query string parameters (last value wins). */
  query: Record<string, string>;
  /** Request headers with lower-case names; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  /**
   * Parsed body: JSON value for JSON bodies, a field record for form bodies
   * (multipart or url-encoded; files become `{ filename, size, type }`), the raw text otherwise,
   * `undefined` when empty.
   */
  body: unknown;
  /** Raw body text. */
  rawBody: string;
  /** `Date.now()` when the request was received. */
  receivedAt: number;
}

/** Selects which request a scripted reply applies to. */
export type FakeRequestMatcher =
  | { method?: string; path?: string | RegExp }
  | ((request: RecordedRequest) => boolean);

/**
 * How a scripted reply breaks the connection.
 * - `before-response`: the socket is destroyed without any response (client sees a reset / "socket hang up").
 * - `mid-body`: the normal response starts, then the socket is destroyed after `dropAfterWrites` body writes
 *   (half of the next chunk is sent first), so the client sees a truncated body or stream.
 */
export type FakeDropMode = 'before-response' | 'mid-body';

/**
 * A one-shot scripted reply. Queued replies are consumed in order by the first request they match,
 * before authentication and normal handling. A reply with neither `status` nor `drop` only delays the
 * request (by `delayMs`) and then lets normal handling continue.
 */
export interface FakeReply {
  /** Which requests this reply applies to; default: any request. */
  match?: FakeRequestMatcher;
  /** Wait this long before doing anything else. */
  delayMs?: number;
  /** Answer with this status code instead of the normal response. */
  status?: number;
  /** Response body; default: the service's own error shape built from `status` and `message`. */
  body?: unknown;
  /** Error message used in the default error body. */
  message?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Sets a `Retry-After` header (seconds, or an HTTP date string). */
  retryAfter?: number | string;
  /** Break the connection instead of (or in the middle of) answering. */
  drop?: FakeDropMode;
  /** For `drop: 'mid-body'`: how many body writes go through intact first (default 1). */
  dropAfterWrites?: number;
}

/** Options every fake accepts. */
export interface BaseFakeOptions {
  /** Port to listen on (127.0.0.1 only); default 0 = random free port. */
  port?: number;
  /** When set, requests must carry this API key / token or get a 401 in the service's error shape. */
  apiKey?: string;
  /** Replies queued from the start; see {@link FakeServer.enqueue}. */
  replies?: FakeReply[];
  /** Keep only the latest N recorded requests (default: keep all; set it for long benchmark runs). */
  maxRecordedRequests?: number;
  /**
   * How long an idle keep-alive connection stays open, in ms (default 1000, so tests close quickly).
   * undici does not reuse a connection whose server announces less than about 2 s, so benchmarks that
   * stand in for a real API set more.
   */
  keepAliveMs?: number;
}

/** The handle every fake factory returns. */
export interface FakeServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Port the fake listens on. */
  readonly port: number;
  /** Every request received so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Queues one-shot scripted replies (status codes, delays, `Retry-After`, connection drops). */
  enqueue(...replies: FakeReply[]): void;
  /** Number of queued replies not consumed yet. */
  pendingReplies(): number;
  /** Clears recorded requests and queued replies. */
  reset(): void;
  /** Resolves once at least `count` requests (matching `match`, if given) were received. */
  waitForRequests(count: number, options?: { match?: FakeRequestMatcher; timeoutMs?: number }): Promise<void>;
  /** Stops listening and closes every open connection (including open streams). Idempotent. */
  close(): Promise<void>;
  /** Same as {@link FakeServer.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}
