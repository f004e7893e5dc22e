import { EgressBlockedError } from './egress-blocked-error.ts';

/** One request of a redirect chain. Header names are lower-case; the body must be replayable. */
export interface HopRequest {
  /** Where this hop goes. */
  readonly url: URL;
  /** HTTP method. */
  readonly method: string;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body, replayed on 307 and 308. */
  readonly body: string | Uint8Array | undefined;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Headers kept when a redirect leaves the origin. Everything else (authorization, cookies, API key
 * headers the proxy injected) is dropped, so a redirect cannot carry a client's credential elsewhere.
 */
export const crossOriginSafeHeaders: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'user-agent',
  'content-type',
  'content-language',
]);

function withoutBodyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('content-')));
}

function onlySafeHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => crossOriginSafeHeaders.has(name)));
}

/**
 * Plans the next hop after a response, following the fetch standard: 303 (and 301/302 after POST)
 * become a GET without body; 307 and 308 replay method and body. Returns undefined when the response is
 * not a redirect. Does not check the new URL: the caller runs it through the egress policy.
 * @throws EgressBlockedError when the `Location` header is not a valid URL
 */
export function planRedirect(
  current: HopRequest,
  statusCode: number,
  location: string | undefined,
): HopRequest | undefined {
  if (!redirectStatuses.has(statusCode) || location === undefined) return undefined;
  const url = URL.parse(location, current.url.href);
  if (!url) throw new EgressBlockedError({ host: '(unparsable Location header)', reason: 'invalid-url' });
  const becomesGet =
    (statusCode === 303 && current.method !== 'HEAD') ||
    ((statusCode === 301 || statusCode === 302) && current.method === 'POST');
  let headers: Record<string, string> = becomesGet
    ? withoutBodyHeaders(current.headers)
    : { ...current.headers };
  if (url.origin !== current.url.origin) headers = onlySafeHeaders(headers);
  return {
    url,
    method: becomesGet ? 'GET' : current.method,
    headers,
    body: becomesGet ? undefined : current.body,
  };
}
