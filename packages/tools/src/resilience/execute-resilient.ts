import {
  DelegateBackoff,
  ExponentialBackoff,
  type IBackoff,
  type IRetryBackoffContext,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type { KeyPolicy } from './key-policy.ts';
import { ResilienceError } from './resilience-error.ts';
import type { ResilienceEvent, ResilienceListener } from './resilience-events.ts';

/** What one attempt receives. */
export interface AttemptContext {
  /** Aborted when the attempt times out or the caller aborts; pass it to the HTTP request. */
  readonly signal: AbortSignal;
  /** Attempt number, from 1. */
  readonly attempt: number;
}

/** Options of one resilient call. */
export interface ExecuteOptions {
  /**
   * Aborts the call: it rejects at once with the signal's reason and starts no further attempt. A backoff
   * wait already under way keeps its bulkhead slot until the wait ends (cockatiel's delay is not abortable).
   */
  signal?: AbortSignal;
  /** Receives this call's events (and breaker transitions on its key while it runs). */
  onEvent?: ResilienceListener;
}

/** The value of a resilient call and the attempts it took. */
export interface ResilientResult<T> {
  readonly value: T;
  readonly attempts: number;
}

function retryBackoff(state: KeyPolicy) {
  const { backoff, maxRetryAfterMs } = state.policy;
  const exponential = new ExponentialBackoff({
    initialDelay: backoff.initialDelayMs,
    maxDelay: backoff.maxDelayMs,
  });
  // Exponential delays with decorrelated jitter, unless the service named its own wait (Retry-After).
  return new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<unknown>>((context, previous) => {
    const next = previous ? previous.next(context) : exponential.next();
    const asked = state.failureOf(context.result)?.retryAfterMs;
    return { delay: asked === undefined ? next.duration : Math.min(asked, maxRetryAfterMs), state: next };
  });
}

/** Settles with `promise`, or rejects with the abort reason as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function normaliseError(
  error: unknown,
  state: KeyPolicy,
  attempts: number,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  const { key, policy } = state;
  if (isBrokenCircuitError(error))
    return new ResilienceError({ code: 'CIRCUIT_OPEN', key, attempts, cause: error });
  if (isBulkheadRejectedError(error))
    return new ResilienceError({ code: 'BULKHEAD_FULL', key, attempts, cause: error });
  if (isTaskCancelledError(error)) {
    return new ResilienceError({
      code: 'UPSTREAM_TIMEOUT',
      key,
      attempts,
      detail: `${policy.timeoutMs} ms`,
      cause: error,
    });
  }
  const failure = state.failureOf({ error });
  if (failure?.kind === 'connect' || failure?.kind === 'network') {
    return new ResilienceError({
      code: 'UPSTREAM_UNREACHABLE',
      key,
      attempts,
      detail: failure.label,
      cause: error,
    });
  }
  return error;
}

/**
 * Runs `attempt` under one key's policies, outermost first: bulkhead (shared), retry with backoff,
 * circuit breaker (shared), per-attempt timeout. Retry and timeout are built per call so that their
 * events belong to this call. A transient status that outlives its retries is returned, not thrown.
 * Attempts should read the response body before returning, since results that get retried are dropped.
 * @throws ResilienceError for timeouts, unreachable services, an open breaker or a full bulkhead
 */
export async function executeResilient<T>(
  state: KeyPolicy,
  attempt: (context: AttemptContext) => Promise<T>,
  options: ExecuteOptions = {},
): Promise<ResilientResult<T>> {
  const { key, policy } = state;
  const onEvent = options.onEvent;
  const emit = (event: ResilienceEvent) => onEvent?.(event);
  let attempts = 0;

  const retryPolicy = retry(state.retryFilter, { maxAttempts: policy.retries, backoff: retryBackoff(state) });
  retryPolicy.onRetry(({ delay, attempt: failed, ...reason }) => {
    emit({
      type: 'retry',
      key,
      attempt: failed,
      delayMs: delay,
      reason: state.failureOf(reason)?.label ?? 'failure',
    });
  });
  retryPolicy.onGiveUp((reason) => {
    const failure = state.failureOf(reason);
    if (failure && attempts > 0) emit({ type: 'give_up', key, attempts, reason: failure.label });
  });
  const timeoutPolicy = timeout(policy.timeoutMs, {
    strategy: TimeoutStrategy.Aggressive,
    abortOnReturn: false,
  });
  timeoutPolicy.onTimeout(() => {
    // The timeout policy also fires when the caller aborts; that is not a timeout.
    if (!options.signal?.aborted)
      emit({ type: 'timeout', key, attempt: attempts, timeoutMs: policy.timeoutMs });
  });

  state.inFlight++;
  if (onEvent) state.listeners.add(onEvent);
  try {
    const execution = wrap(state.bulkhead, retryPolicy, state.breaker, timeoutPolicy).execute(
      ({ signal }) => {
        // Cockatiel's backoff wait cannot be interrupted; do not start an attempt once the caller left.
        if (options.signal?.aborted) throw options.signal.reason;
        attempts++;
        emit({ type: 'attempt', key, attempt: attempts });
        return attempt({ signal, attempt: attempts });
      },
      options.signal,
    );
    const value = await untilAborted(execution, options.signal);
    return { value, attempts };
  } catch (error) {
    if (isBrokenCircuitError(error)) emit({ type: 'rejected', key, reason: 'breaker_open' });
    if (isBulkheadRejectedError(error)) emit({ type: 'rejected', key, reason: 'bulkhead_full' });
    throw normaliseError(error, state, attempts, options.signal);
  } finally {
    state.inFlight--;
    if (onEvent) state.listeners.delete(onEvent);
  }
}
