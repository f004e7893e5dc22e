import { randomUUID } from 'node:crypto';
import {
  defaultToolPolicies,
  resolveToolPolicy,
  type ToolPolicy,
  unknownToolPolicy,
} from '../policy/tool-policy.ts';
import type { BreakerSharing } from './breaker-sharing.ts';
import {
  type AttemptContext,
  type ExecuteOptions,
  executeResilient,
  type ResilientResult,
} from './execute-resilient.ts';
import { type BreakerState, createKeyPolicy, type KeyPolicy } from './key-policy.ts';
import { createRemoteBreakers } from './remote-breakers.ts';
import { ResilienceError } from './resilience-error.ts';
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
  /**
   * Shares breaker transitions with the other processes of a deployment: a breaker that opens here is
   * announced, and a key whose breaker opened elsewhere is refused (`CIRCUIT_OPEN`) here until its
   * cool-down passes or it closes there. Absent: breakers are per process.
   */
  sharing?: BreakerSharing;
  /** Told when a transition could not be sent or heard. @defaultValue a process warning */
  onSharingError?: (error: unknown) => void;
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
  /** Resolves once other processes' breaker transitions are heard (at once without `sharing`). */
  readonly ready: Promise<void>;
  /** Stops hearing other processes' transitions. */
  close(): void;
}

const keyId = (key: ResilienceKey) => JSON.stringify([key.clientId, key.tool]);

/** Creates a {@link ResilienceRegistry}. */
export function createResilienceRegistry(options: ResilienceRegistryOptions = {}): ResilienceRegistry {
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const policyFor = options.policyFor ?? ((key) => defaultToolPolicies[key.tool] ?? unknownToolPolicy);
  const states = new Map<string, KeyPolicy>();
  const remote = options.sharing
    ? createRemoteBreakers({
        sharing: options.sharing,
        keyId,
        source: randomUUID(),
        now,
        maxKeys,
        onError: options.onSharingError ?? warnSharingError,
      })
    : undefined;

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
      const policy = resolveToolPolicy(policyFor(frozenKey));
      state = createKeyPolicy(frozenKey, policy, {
        now,
        onEvent: (event) => {
          options.onEvent?.(event);
          if (event.type === 'breaker_open')
            remote?.announce('open', frozenKey, policy.breaker.halfOpenAfterMs);
          if (event.type === 'breaker_close') remote?.announce('closed', frozenKey, 0);
        },
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
      if (remote?.isOpen(keyId(key))) {
        onEvent({ type: 'rejected', key: state.key, reason: 'breaker_open' });
        return Promise.reject(new ResilienceError({ code: 'CIRCUIT_OPEN', key: state.key, attempts: 0 }));
      }
      return executeResilient(state, attempt, { ...executeOptions, onEvent });
    },
    breakerState(key) {
      const id = keyId(key);
      const local = states.get(id)?.breakerState();
      return remote?.isOpen(id) && (local === undefined || local === 'closed') ? 'open' : local;
    },
    reset(key) {
      remote?.forget(keyId(key));
      return states.delete(keyId(key));
    },
    get size() {
      return states.size;
    },
    ready: remote?.ready ?? Promise.resolve(),
    close: () => remote?.close(),
  };
}

function warnSharingError(error: unknown): void {
  process.emitWarning(
    `Circuit breaker transition not shared: ${error instanceof Error ? error.message : String(error)}`,
    'RenumResilienceWarning',
  );
}
