import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, request } from 'undici';
import { EgressBlockedError } from './egress-blocked-error.ts';
import type { EgressPolicy } from './egress-policy.ts';
import { type HopRequest, planRedirect } from './plan-redirect.ts';

/** Options of {@link guardedRequest}. */
export interface GuardedRequestOptions {
  /**
   * HTTP method.
   * @defaultValue `'GET'`
   */
  method?: string;
  /** Request headers; names are lower-cased. */
  headers?: Readonly<Record<string, string>>;
  /** Request body; strings and bytes only, so 307/308 redirects can replay it. */
  body?: string | Uint8Array;
  /** Aborts the whole chain of hops. */
  signal?: AbortSignal;
  /**
   * `follow` follows redirects, checking every hop; `manual` returns the 3xx response.
   * @defaultValue `'follow'`
   */
  redirect?: 'follow' | 'manual';
  /**
   * Redirects followed before giving up with `too-many-redirects`.
   * @defaultValue `5`
   */
  maxRedirects?: number;
  /** Time to wait for response headers, in ms (undici default when unset). */
  headersTimeout?: number;
  /** Time allowed between body chunks, in ms (undici default when unset). */
  bodyTimeout?: number;
}

/** The guard and the dispatcher a {@link guardedRequest} runs with. */
export interface GuardedRequestContext {
  /** Judges each hop's URL. */
  policy: EgressPolicy;
  /** A dispatcher from `createGuardedDispatcher`, which judges each hop's addresses at connect time. */
  dispatcher: Dispatcher;
}

/** Response of {@link guardedRequest}; read or dump `body` to release the connection. */
export interface GuardedResponse {
  /** HTTP status of the last hop. */
  readonly statusCode: number;
  /** Headers of the last hop. */
  readonly headers: IncomingHttpHeaders;
  /** Body stream of the last hop (undici `BodyReadable`: `.text()`, `.json()`, `.dump()`). */
  readonly body: Dispatcher.ResponseData['body'];
  /** URL of the last hop. */
  readonly url: string;
  /** URLs of the hops reached through redirects, in order. */
  readonly redirects: readonly string[];
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

/**
 * Sends an outbound request through the egress guard and follows redirects by hand, so every hop's URL
 * is checked (scheme, credentials, literal addresses, localhost names) before it is dispatched, and every
 * hop's addresses are checked at connect time by the guarded dispatcher. Cross-origin hops drop all but
 * a few safe headers (see `crossOriginSafeHeaders`).
 * @throws EgressBlockedError when any hop is refused
 */
export async function guardedRequest(
  url: string | URL,
  context: GuardedRequestContext,
  options: GuardedRequestOptions = {},
): Promise<GuardedResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const target = context.policy.checkUrl(url);
  let hop: HopRequest = {
    url: target.url,
    method: (options.method ?? 'GET').toUpperCase(),
    headers: lowerCaseHeaders(options.headers),
    body: options.body,
  };
  const redirects: string[] = [];
  for (;;) {
    const response = await request(hop.url, {
      dispatcher: context.dispatcher,
      method: hop.method as Dispatcher.HttpMethod,
      headers: hop.headers,
      body: hop.body ?? null,
      signal: options.signal,
      headersTimeout: options.headersTimeout,
      bodyTimeout: options.bodyTimeout,
    });
    const next =
      options.redirect === 'manual'
        ? undefined
        : planRedirect(hop, response.statusCode, firstHeader(response.headers.location));
    if (!next) return { ...response, url: hop.url.href, redirects };
    await response.body.dump();
    if (redirects.length >= maxRedirects) {
      throw new EgressBlockedError({
        host: next.url.hostname,
        reason: 'too-many-redirects',
        detail: `(${maxRedirects})`,
      });
    }
    context.policy.checkUrl(next.url);
    redirects.push(next.url.href);
    hop = next;
  }
}
