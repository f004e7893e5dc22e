import { APICallError } from '@ai-sdk/provider';
import { ModelCallTimeoutError } from './model-call-timeout-error.ts';
import { retryAfterMs } from './retry-after.ts';

/** What the call policy needs to know about a failed model call. */
export interface ModelErrorClassification {
  /** Worth retrying: 408/409/429/5xx (the provider's `isRetryable`), network failures and timeouts. */
  readonly retryable: boolean;
  /** Short human reason, e.g. `HTTP 500: Internal server error`. */
  readonly reason: string;
  /** HTTP status of the provider's answer, when there was one. */
  readonly statusCode?: number;
  /** Wait the provider asked for (`retry-after-ms` / `retry-after`), uncapped. */
  readonly retryAfterMs?: number;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True for a connection-level failure (reset, refused, body cut mid-stream), at any depth of `cause`. */
export function isNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (current instanceof TypeError && /fetch failed|terminated|network/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Classifies a model call failure for retries; `now` reads HTTP-date `Retry-After` values. */
export function classifyModelError(options: { error: unknown; now: () => number }): ModelErrorClassification {
  const { error, now } = options;
  if (ModelCallTimeoutError.isInstance(error)) return { retryable: true, reason: error.message };
  if (APICallError.isInstance(error)) {
    const wait = retryAfterMs({ headers: error.responseHeaders, now });
    const status = error.statusCode;
    return {
      retryable: error.isRetryable,
      reason: status === undefined ? error.message : `HTTP ${status}: ${error.message}`,
      ...(status === undefined ? {} : { statusCode: status }),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    };
  }
  if (isNetworkError(error)) return { retryable: true, reason: `network error: ${messageOf(error)}` };
  return { retryable: false, reason: messageOf(error) };
}
