import {
  type BulkheadPolicy,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  type FailureReason,
  handleWhen,
  type Policy,
} from 'cockatiel';
import type { ResolvedToolPolicy } from '../policy/tool-policy.ts';
import { type AttemptFailure, errorFailure, isRetryableFailure, statusFailure } from './classify-failure.ts';
import type { ResilienceEvent, ResilienceKey, ResilienceListener } from './resilience-events.ts';

/** State of a circuit breaker, as reported by the registry. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * The shared, stateful part of one client × tool's resilience: its circuit breaker and bulkhead, the
 * filters that classify failures, and the listeners of the calls running on it.
 */
export interface KeyPolicy {
  readonly key: ResilienceKey;
  readonly policy: ResolvedToolPolicy;
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;
  /** Handles the failures this key retries (depends on `policy.sideEffects`). */
  readonly retryFilter: Policy;
  /** Classifies an attempt's outcome; undefined when it is not a failure of the service. */
  failureOf(reason: FailureReason<unknown>): AttemptFailure | undefined;
  /** Listeners of calls in flight; breaker transitions are sent to each. */
  readonly listeners: Set<ResilienceListener>;
  /** Calls in flight (waiting in the bulkhead included). */
  inFlight: number;
  breakerState(): BreakerState;
}

const breakerStates: Readonly<Record<CircuitState, BreakerState>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Builds the breaker, bulkhead and failure filters of one key, wiring breaker transitions to `emit`. */
export function createKeyPolicy(
  key: ResilienceKey,
  policy: ResolvedToolPolicy,
  options: { now: () => number; onEvent?: ResilienceListener | undefined },
): KeyPolicy {
  const failureOf = (reason: FailureReason<unknown>) =>
    'error' in reason
      ? errorFailure(reason.error, options.now())
      : statusFailure(reason.value, options.now());
  const isFailure = (reason: FailureReason<unknown>) => failureOf(reason) !== undefined;
  const isRetryable = (reason: FailureReason<unknown>) =>
    isRetryableFailure(failureOf(reason), policy.sideEffects);

  const breaker = circuitBreaker(
    handleWhen((error) => isFailure({ error })).orWhenResult((value) => isFailure({ value })),
    {
      halfOpenAfter: policy.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(policy.breaker.consecutiveFailures),
    },
  );
  const listeners = new Set<ResilienceListener>();
  const emit = (event: ResilienceEvent) => {
    options.onEvent?.(event);
    for (const listener of listeners) listener(event);
  };
  breaker.onBreak((reason) => {
    const label = 'isolated' in reason ? 'isolated' : (failureOf(reason)?.label ?? 'failure');
    emit({ type: 'breaker_open', key, reason: label });
  });
  breaker.onHalfOpen(() => emit({ type: 'breaker_half_open', key }));
  breaker.onReset(() => emit({ type: 'breaker_close', key }));

  return {
    key,
    policy,
    breaker,
    bulkhead: bulkhead(policy.bulkhead.maxConcurrent, policy.bulkhead.maxQueued),
    retryFilter: handleWhen((error) => isRetryable({ error })).orWhenResult((value) =>
      isRetryable({ value }),
    ),
    failureOf,
    listeners,
    inFlight: 0,
    breakerState: () => breakerStates[breaker.state],
  };
}
