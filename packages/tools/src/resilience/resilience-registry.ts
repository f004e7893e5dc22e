import {
  defaultToolPolicies,
  resolveToolPolicy,
  type ToolPolicy,
  unknownToolPolicy,
} from '../policy/tool-policy.ts';
import {
  type AttemptContext,
  type ExecuteOptions,
  executeResilient,
  type ResilientResult,
} from './execute-resilient.ts';
import { type BreakerState, createKeyPolicy, type KeyPolicy } from './key-policy.ts';
import type { ResilienceEvent, ResilienceKey, ResilienceListener } from './resilience-events.ts';

/** Options of {@link createResilienceRegistry}. */
export interface ResilienceRegistryOptions {
  /**
   * The policy of a client × tool, read once when its state is created.
   * @defaultValue `defaultToolPolicies[tool]`, else `unknownToolPolicy`
   */
  policyFor?: (key: ResilienceKey) => ToolPolicy;
  /**
   * Keys kept in memory; the least recently used idle key is dropped beyond it (its breaker starts closed
   * next time).
   * @defaultValue `10000`
   */
  maxKeys?: number;
  /** Receives every event of every key (metrics, logs). */
  onEvent?: ResilienceListener;
  /**
   * Clock used to read `Retry-After` dates. Cockatiel reads `Date.now()` and timers itself, so breaker
   * cool-downs and backoff delays run on real time.
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

/** Per client × tool resilience policies, created on first use and kept in a bounded LRU. */
export interface ResilienceRegistry {
  /**
   * Runs `attempt` under the key's timeout, retry, circuit breaker and bulkhead.
   * @throws ResilienceError when the service times out, cannot be reached, or the key is saturated or broken
   */
  execute<T>(
    key: ResilienceKey,
    attempt: (context: AttemptContext) => Promise<T>,
    options?: ExecuteOptions,
  ): Promise<ResilientResult<T>>;
  /** The key's breaker state, or undefined when the key has no state yet. */
  breakerState(key: ResilienceKey): BreakerState | undefined;
  /** Drops a key's state (for example after its credential was replaced), closing its breaker. */
  reset(key: ResilienceKey): boolean;
  /** Keys currently held. */
  readonly size: number;
}

const keyId = (key: ResilienceKey) => JSON.stringify([key.clientId, key.tool]);

/** Creates a {@link ResilienceRegistry}. */
export function createResilienceRegistry(options: ResilienceRegistryOptions = {}): ResilienceRegistry {
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const policyFor = options.policyFor ?? ((key) => defaultToolPolicies[key.tool] ?? unknownToolPolicy);
  const states = new Map<string, KeyPolicy>();

  const evictOne = () => {
    for (const [id, state] of states) {
      if (state.inFlight === 0) {
        states.delete(id);
        return;
      }
    }
    const oldest = states.keys().next();
    if (!oldest.done) states.delete(oldest.value);
  };

  const stateFor = (key: ResilienceKey): KeyPolicy => {
    const id = keyId(key);
    let state = states.get(id);
    if (state) {
      states.delete(id); // re-insert to mark as most recently used
    } else {
      if (states.size >= maxKeys) evictOne();
      const frozenKey = { clientId: key.clientId, tool: key.tool };
      state = createKeyPolicy(frozenKey, resolveToolPolicy(policyFor(frozenKey)), {
        now,
        onEvent: options.onEvent,
      });
    }
    states.set(id, state);
    return state;
  };

  return {
    execute(key, attempt, executeOptions = {}) {
      const state = stateFor(key);
      const callListener = executeOptions.onEvent;
      const registryListener = options.onEvent;
      // Per-call events go to the caller and the registry; breaker events reach the registry directly.
      const onEvent = (event: ResilienceEvent) => {
        callListener?.(event);
        if (!event.type.startsWith('breaker_')) registryListener?.(event);
      };
      return executeResilient(state, attempt, { ...executeOptions, onEvent });
    },
    breakerState: (key) => states.get(keyId(key))?.breakerState(),
    reset: (key) => states.delete(keyId(key)),
    get size() {
      return states.size;
    },
  };
}
