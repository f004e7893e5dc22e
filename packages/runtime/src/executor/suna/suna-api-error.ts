import { isBrokenCircuitError, isTaskCancelledError } from 'cockatiel';
import type { ExecutionError } from '../executor.ts';

/** What Suna answered when a call failed: its HTTP status and FastAPI `detail`. */
export class SunaApiError extends Error {
  override readonly name = 'SunaApiError';
  /** HTTP status of Suna's answer; 0 when no answer came (network, timeout, open circuit). */
  readonly status: number;
  /** Suna's `detail.error_code` on a 402 (`INSUFFICIENT_CREDITS`, `AGENT_RUN_LIMIT_EXCEEDED`…). */
  readonly errorCode: string | undefined;

  constructor(options: { message: string; status: number; errorCode?: string | undefined; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.status = options.status;
    this.errorCode = options.errorCode;
  }

  /** Whether this is a {@link SunaApiError}, also across module copies. */
  static isInstance(error: unknown): error is SunaApiError {
    return error instanceof Error && error.name === 'SunaApiError';
  }

  /** Safe to try again: no answer, a 408/429, or a 5xx. Refusals (401/402/403/404/400) are not. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Reads FastAPI's `{ detail }` (a string, or `{ message, error_code }` on a 402) into a {@link SunaApiError}. */
export function sunaErrorFromBody(status: number, body: unknown): SunaApiError {
  const detail = typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : body;
  if (typeof detail === 'object' && detail !== null) {
    const { message, error_code: errorCode } = detail as { message?: unknown; error_code?: unknown };
    return new SunaApiError({
      message: typeof message === 'string' ? message : `Suna answered ${status}`,
      status,
      errorCode: typeof errorCode === 'string' ? errorCode : undefined,
    });
  }
  const message = typeof detail === 'string' && detail.length > 0 ? detail : `Suna answered ${status}`;
  return new SunaApiError({ message, status });
}

/** The message Suna's stream sends when a run went silent for about 20 s (the run is then failed). */
export const sunaWorkerTimeout = 'Worker timeout';

/**
 * Maps a failure talking to Suna to a Renum run error: a 402 (credits, run or agent limits) is
 * `EXECUTOR_LIMIT`; "Worker timeout" is `EXECUTOR_TIMEOUT`; everything else (401/403: Suna refused the
 * platform's credentials; 404; 5xx; no answer; an open circuit) is `EXECUTOR_UNAVAILABLE`. Messages name
 * Suna's code but never a credential (none is in them: Suna's answers do not echo keys).
 */
export function toSunaExecutionError(error: unknown): ExecutionError {
  if (isBrokenCircuitError(error)) {
    return {
      code: 'EXECUTOR_UNAVAILABLE',
      message: 'Suna is failing; calls are paused for a moment',
      retryable: true,
    };
  }
  if (isTaskCancelledError(error)) {
    return { code: 'EXECUTOR_UNAVAILABLE', message: 'Suna did not answer in time', retryable: true };
  }
  if (!SunaApiError.isInstance(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'EXECUTOR_UNAVAILABLE', message: `Suna is unreachable: ${message}`, retryable: true };
  }
  if (error.message === sunaWorkerTimeout) {
    return { code: 'EXECUTOR_TIMEOUT', message: 'Suna stopped answering (Worker timeout)', retryable: true };
  }
  if (error.status === 402) {
    const code = error.errorCode ?? 'LIMIT_EXCEEDED';
    return {
      code: 'EXECUTOR_LIMIT',
      message: `Suna refused the run (${code}): ${error.message}`,
      retryable: false,
    };
  }
  if (error.status === 401 || error.status === 403) {
    return {
      code: 'EXECUTOR_UNAVAILABLE',
      message: `Suna refused the platform's credentials (${error.status})`,
      retryable: false,
    };
  }
  return {
    code: 'EXECUTOR_UNAVAILABLE',
    message: `Suna answered ${error.status || 'nothing'}: ${error.message}`,
    retryable: error.isRetryable,
  };
}
