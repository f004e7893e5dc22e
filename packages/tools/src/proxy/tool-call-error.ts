/**
 * Why a proxied tool call failed, as stored in the ledger and shown beside the readable message:
 * input and configuration problems, a missing credential, the egress guard, the resilience layer, or
 * the service's own answer.
 */
export type ToolErrorCode =
  | 'INVALID_INPUT'
  | 'HOST_NOT_ALLOWED'
  | 'CREDENTIAL_MISSING'
  | 'CREDENTIAL_ERROR'
  | 'EGRESS_BLOCKED'
  | 'REDIRECT_REFUSED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNREACHABLE'
  | 'CIRCUIT_OPEN'
  | 'BULKHEAD_FULL'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_NOT_FOUND'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_ERROR'
  | 'ABORTED'
  | 'INTERNAL';

const retryableCodes: ReadonlySet<ToolErrorCode> = new Set([
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNREACHABLE',
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_ERROR',
]);

/** True for codes whose condition may pass, so the same call could succeed later. */
export function isRetryableToolError(code: ToolErrorCode): boolean {
  return retryableCodes.has(code);
}

/**
 * A failed tool call with a message a model can act on. The message has been scrubbed of the call's
 * secrets, and the error deliberately carries no `cause`: causes may hold request data.
 */
export class ToolCallError extends Error {
  /** Stable code. */
  readonly code: ToolErrorCode;
  /** True when trying again later may succeed. */
  readonly isRetryable: boolean;
  override readonly name = 'ToolCallError';

  constructor(code: ToolErrorCode, message: string) {
    super(message);
    this.code = code;
    this.isRetryable = isRetryableToolError(code);
  }

  /** True when `error` is a {@link ToolCallError}, also across package copies. */
  static isInstance(error: unknown): error is ToolCallError {
    return error instanceof Error && error.name === 'ToolCallError' && 'isRetryable' in error;
  }
}
