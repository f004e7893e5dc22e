import { EgressBlockedError } from '../egress/egress-blocked-error.ts';
import { ResilienceError } from '../resilience/resilience-error.ts';
import { ToolCallError, type ToolErrorCode } from './tool-call-error.ts';
import { trimText } from './trim-for-model.ts';

/** A thrown error turned into a stable code and a readable message (not yet scrubbed). */
export interface FailureDescription {
  readonly code: ToolErrorCode;
  readonly message: string;
  /** Attempts made, when the resilience layer knows them. */
  readonly attempts?: number;
}

const resilienceAdvice: Readonly<Record<ResilienceError['code'], string>> = {
  UPSTREAM_TIMEOUT: 'Try again later, or with a smaller request.',
  UPSTREAM_UNREACHABLE: 'Try again later.',
  CIRCUIT_OPEN: 'Do not call it again for now; tell the user the service is unavailable.',
  BULKHEAD_FULL: 'Wait for earlier calls to finish, then try again.',
};

/**
 * Describes whatever a proxied call threw: its own `ToolCallError`, an egress refusal, a resilience
 * failure (timeout, unreachable, breaker open, bulkhead full), a cancellation, or anything else. Causes
 * are never included: they may hold request data.
 */
export function describeFailure(
  error: unknown,
  context: { readonly toolName: string; readonly signal?: AbortSignal | undefined },
): FailureDescription {
  if (context.signal?.aborted)
    return { code: 'ABORTED', message: `The call to ${context.toolName} was cancelled.` };
  if (ToolCallError.isInstance(error)) return { code: error.code, message: error.message };
  if (EgressBlockedError.isInstance(error)) {
    return {
      code: 'EGRESS_BLOCKED',
      message: `${error.message}. Tools may only reach public internet addresses; use a public URL.`,
    };
  }
  if (ResilienceError.isInstance(error)) {
    return {
      code: error.code,
      message: `${error.message}. ${resilienceAdvice[error.code]}`,
      attempts: error.attempts,
    };
  }
  const detail =
    error instanceof Error && error.message.trim() !== '' ? `: ${trimText(error.message, 200)}` : '';
  return { code: 'INTERNAL', message: `The tool ${context.toolName} failed unexpectedly${detail}.` };
}
