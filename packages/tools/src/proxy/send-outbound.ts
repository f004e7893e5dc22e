import type { IncomingHttpHeaders } from 'node:http';
import type { EgressClient } from '../egress/egress-client.ts';
import type { GuardedResponse } from '../egress/guarded-request.ts';
import { type HopRequest, planRedirect } from '../egress/plan-redirect.ts';
import type { OutboundRequest } from './proxy-tool.ts';
import { ToolCallError } from './tool-call-error.ts';

/** The raw answer of one attempt: status, headers, body bytes up to the limit. */
export interface RawReply {
  /** Named like undici's response so the resilience layer reads transient statuses and `Retry-After`. */
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Bytes received (up to the limit plus one chunk). */
  readonly bytes: number;
  /** True when the body was cut at the limit. */
  readonly truncated: boolean;
}

/** Options of {@link sendOutbound}. */
export interface SendOutboundOptions {
  /** Aborts the attempt (timeout or caller). */
  readonly signal: AbortSignal;
  /** Largest body read; the rest is discarded. */
  readonly maxResponseBytes: number;
  /** Redirects followed before giving up. */
  readonly maxRedirects: number;
}

async function readLimited(
  response: GuardedResponse,
  maxBytes: number,
): Promise<{ body: Buffer; bytes: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    chunks.push(chunk);
    if (bytes > maxBytes) {
      response.body.destroy();
      return { body: Buffer.concat(chunks).subarray(0, maxBytes), bytes, truncated: true };
    }
  }
  return { body: Buffer.concat(chunks), bytes, truncated: false };
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Sends one attempt through the egress client, following redirects by hand so each hop must pass the
 * request's `allowRedirect` (default: same host) as well as the egress guard; cross-origin hops lose
 * credential headers (see `planRedirect`). Reads the body up to the size limit.
 * @throws EgressBlockedError when a hop is refused by the guard
 * @throws ToolCallError (`REDIRECT_REFUSED`) when a redirect leaves the allowed hosts or loops
 */
export async function sendOutbound(
  egress: EgressClient,
  request: OutboundRequest,
  options: SendOutboundOptions,
): Promise<RawReply> {
  const first = new URL(request.url);
  const allowRedirect = request.allowRedirect ?? ((url: URL) => url.host === first.host);
  let hop: HopRequest = {
    url: first,
    method: request.method.toUpperCase(),
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: request.body,
  };
  for (let redirects = 0; ; redirects++) {
    const response = await egress.request(hop.url, {
      method: hop.method,
      headers: hop.headers,
      ...(hop.body === undefined ? {} : { body: hop.body }),
      signal: options.signal,
      redirect: 'manual',
    });
    const next = planRedirect(hop, response.statusCode, firstHeader(response.headers.location));
    if (!next) {
      const read = await readLimited(response, options.maxResponseBytes);
      return { statusCode: response.statusCode, headers: response.headers, ...read };
    }
    await response.body.dump();
    if (redirects >= options.maxRedirects) {
      throw new ToolCallError(
        'REDIRECT_REFUSED',
        `The service redirected more than ${options.maxRedirects} times.`,
      );
    }
    if (!allowRedirect(next.url)) {
      throw new ToolCallError(
        'REDIRECT_REFUSED',
        `The service redirected to ${next.url.host}, which this tool is not allowed to call.`,
      );
    }
    hop = next;
  }
}
