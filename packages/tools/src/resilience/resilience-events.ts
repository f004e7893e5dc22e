/** Identifies one set of resilience state: a client's use of a tool. */
export interface ResilienceKey {
  /** The client (tenant) making the call. */
  readonly clientId: string;
  /** The tool being called. */
  readonly tool: string;
}

/**
 * What the resilience layer reports, so a run's events can show attempts, waits and an open breaker.
 * `attempt` counts from 1. Breaker events concern the key, not one call: they reach the registry's
 * listener and the listeners of calls running on that key at the time.
 */
export type ResilienceEvent =
  | { readonly type: 'attempt'; readonly key: ResilienceKey; readonly attempt: number }
  | {
      readonly type: 'retry';
      readonly key: ResilienceKey;
      /** The attempt that failed. */
      readonly attempt: number;
      /** Wait before the next attempt, in ms. */
      readonly delayMs: number;
      /** What failed, e.g. `HTTP 503` or `ECONNREFUSED`. */
      readonly reason: string;
    }
  | {
      readonly type: 'timeout';
      readonly key: ResilienceKey;
      readonly attempt: number;
      readonly timeoutMs: number;
    }
  | {
      readonly type: 'give_up';
      readonly key: ResilienceKey;
      readonly attempts: number;
      readonly reason: string;
    }
  | { readonly type: 'breaker_open'; readonly key: ResilienceKey; readonly reason: string }
  | { readonly type: 'breaker_half_open'; readonly key: ResilienceKey }
  | { readonly type: 'breaker_close'; readonly key: ResilienceKey }
  | {
      readonly type: 'rejected';
      readonly key: ResilienceKey;
      readonly reason: 'breaker_open' | 'bulkhead_full';
    };

/** Receives {@link ResilienceEvent}s; must not throw. */
export type ResilienceListener = (event: ResilienceEvent) => void;
