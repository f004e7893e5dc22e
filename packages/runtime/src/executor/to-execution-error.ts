import { APICallError, NoSuchModelError } from '@ai-sdk/provider';
import { AppError } from '@renum/contracts';
import { RetryError } from 'ai';
import { isNetworkError } from '../models/call-policy/classify-model-error.ts';
import { ModelCallTimeoutError } from '../models/call-policy/model-call-timeout-error.ts';
import type { ExecutionError } from './executor.ts';

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    return JSON.stringify(error);
  }
  return String(error);
}

/**
 * Maps whatever a run failed with to a stable code: the `AppError`'s own code; `MODEL_TIMEOUT`;
 * `MODEL_AUTH_FAILED` (provider said 401/403), `MODEL_RATE_LIMITED` (429 after our retries),
 * `MODEL_UPSTREAM_ERROR` (any other provider answer, or the network); `MODEL_NOT_CONFIGURED` for a model
 * the provider does not have; `INTERNAL_ERROR` for anything else (a bug).
 */
export function toExecutionError(error: unknown): ExecutionError {
  if (RetryError.isInstance(error)) return toExecutionError(error.lastError);
  if (AppError.isInstance(error)) return { code: error.code, message: error.message, retryable: false };
  if (ModelCallTimeoutError.isInstance(error)) {
    return { code: 'MODEL_TIMEOUT', message: error.message, retryable: true };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const message = status === undefined ? error.message : `Provider answered ${status}: ${error.message}`;
    if (status === 401 || status === 403) return { code: 'MODEL_AUTH_FAILED', message, retryable: false };
    if (status === 429) return { code: 'MODEL_RATE_LIMITED', message, retryable: true };
    return { code: 'MODEL_UPSTREAM_ERROR', message, retryable: error.isRetryable };
  }
  if (NoSuchModelError.isInstance(error)) {
    return { code: 'MODEL_NOT_CONFIGURED', message: error.message, retryable: false };
  }
  if (isNetworkError(error)) {
    return { code: 'MODEL_UPSTREAM_ERROR', message: `Network error: ${describe(error)}`, retryable: true };
  }
  if (!(error instanceof Error) && typeof error === 'object' && error !== null) {
    // Providers report in-stream failures as the decoded error object of their wire protocol.
    return { code: 'MODEL_UPSTREAM_ERROR', message: `Provider error: ${describe(error)}`, retryable: false };
  }
  return { code: 'INTERNAL_ERROR', message: describe(error), retryable: false };
}
