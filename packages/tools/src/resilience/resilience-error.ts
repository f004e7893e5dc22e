import type { ResilienceKey } from './resilience-events.ts';

/** Codes of {@link ResilienceError}. */
export type ResilienceErrorCode =
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNREACHABLE'
  | 'CIRCUIT_OPEN'
  | 'BULKHEAD_FULL';

const messages: Readonly<Record<ResilienceErrorCode, string>> = {
  UPSTREAM_TIMEOUT: 'did not answer in time',
  UPSTREAM_UNREACHABLE: 'could not be reached',
  CIRCUIT_OPEN: 'is failing repeatedly; calls are paused for a while (circuit breaker open)',
  BULKHEAD_FULL: 'has too many calls in progress',
};

/** Options of {@link ResilienceError}. */
export interface ResilienceErrorOptions {
  readonly code: ResilienceErrorCode;
  readonly key: ResilienceKey;
  /** Attempts made before giving up (0 when the call was rejected before any). */
  readonly attempts: number;
  /** Extra words, e.g. the timeout or the network error code. */
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * Why a resilient call failed without an answer from the service: timeout, unreachable, breaker open or
 * bulkhead full. The message is readable by a model and carries no request data. All four are transient,
 * so `isRetryable` is true: the caller may try again later.
 */
export class ResilienceError extends Error {
  /** Stable error code. */
  readonly code: ResilienceErrorCode;
  /** The client × tool whose policy failed the call. */
  readonly key: ResilienceKey;
  /** Attempts made. */
  readonly attempts: number;
  /** Always true: these conditions pass. */
  readonly isRetryable = true;
  override readonly name = 'ResilienceError';

  constructor(options: ResilienceErrorOptions) {
    const detail = options.detail ? ` (${options.detail})` : '';
    const tries = options.attempts > 1 ? ` after ${options.attempts} attempts` : '';
    super(`Tool ${options.key.tool} ${messages[options.code]}${tries}${detail}`, { cause: options.cause });
    this.code = options.code;
    this.key = options.key;
    this.attempts = options.attempts;
  }

  /** True when `error` is a {@link ResilienceError}, also across package copies. */
  static isInstance(error: unknown): error is ResilienceError {
    return error instanceof Error && error.name === 'ResilienceError' && 'attempts' in error;
  }
}
