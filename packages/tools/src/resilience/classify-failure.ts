import { isBrokenCircuitError, isBulkheadRejectedError, isTaskCancelledError } from 'cockatiel';
import { EgressBlockedError } from '../egress/egress-blocked-error.ts';
import { parseRetryAfter } from './retry-after.ts';

/**
 * A failed attempt as the resilience layer sees it. `connect` failures never reached the service, so
 * even side-effecting tools may retry them; `network`, `timeout` and `status` failures may have.
 */
export interface AttemptFailure {
  readonly kind: 'connect' | 'network' | 'timeout' | 'status';
  /** Short label for events and errors, e.g. `HTTP 503`, `ECONNREFUSED`, `timeout`. */
  readonly label: string;
  /** HTTP status, for `status` failures. */
  readonly status?: number;
  /** Delay the service asked for through `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const networkCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  // fetch wraps network errors in a TypeError cause chain; connect errors may be AggregateErrors.
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') return code;
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

function readHeader(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** True for statuses worth retrying: 408, 429 and 5xx other than 501 and 505. */
export function isTransientStatus(status: number): boolean {
  return (
    status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505)
  );
}

/**
 * Reads the HTTP status of a result or error shaped like an undici response (`statusCode`), a fetch
 * `Response` (`status`) or an error carrying either, and returns a failure when the status is transient.
 */
export function statusFailure(value: unknown, now: number): AttemptFailure | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { statusCode, status, headers } = value as {
    statusCode?: unknown;
    status?: unknown;
    headers?: unknown;
  };
  const code = typeof statusCode === 'number' ? statusCode : typeof status === 'number' ? status : undefined;
  if (code === undefined || !isTransientStatus(code)) return undefined;
  const retryAfterMs =
    code === 429 || code === 503 ? parseRetryAfter(readHeader(headers, 'retry-after'), now) : undefined;
  return {
    kind: 'status',
    label: `HTTP ${code}`,
    status: code,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

/**
 * Classifies a thrown error. Egress refusals, open breakers, full bulkheads and errors without a
 * transient code or status are not failures of the service, so they are neither retried nor counted.
 */
export function errorFailure(error: unknown, now: number): AttemptFailure | undefined {
  if (EgressBlockedError.isInstance(error) || isBrokenCircuitError(error) || isBulkheadRejectedError(error)) {
    return undefined;
  }
  if (isTaskCancelledError(error)) return { kind: 'timeout', label: 'timeout' };
  const code = errorCode(error);
  if (code !== undefined && connectCodes.has(code)) return { kind: 'connect', label: code };
  if (code !== undefined && networkCodes.has(code)) return { kind: 'network', label: code };
  return statusFailure(error, now);
}

/** True when a failure may be retried: always for tools without side effects, else only if nothing was sent. */
export function isRetryableFailure(failure: AttemptFailure | undefined, sideEffects: boolean): boolean {
  if (!failure) return false;
  return !sideEffects || failure.kind === 'connect' || failure.status === 429;
}
