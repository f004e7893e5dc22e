import type { ResilienceKey } from './resilience-events.ts';

/** A circuit breaker of one client × tool that opened or closed in some process. */
export interface BreakerTransition {
  readonly state: 'open' | 'closed';
  readonly key: ResilienceKey;
  /** For `open`: how long the breaker refuses calls before it lets a trial through, in ms. */
  readonly openForMs: number;
  /** The registry that saw it; a registry ignores its own transitions. */
  readonly source: string;
}

/**
 * Carries breaker transitions between the processes of a deployment, so a breaker that opened in
 * one is open in all: a service that fails for one process fails for the others, and they stop
 * hammering it too. In memory (one process, or tests) or over Redis pub/sub (the server's scale-out
 * wiring). A process that starts while a breaker is open elsewhere learns it from its own failures.
 */
export interface BreakerSharing {
  /** Sends a transition to every registry, this process's included. */
  publish(transition: BreakerTransition): Promise<void>;
  /** Delivers every registry's transitions; resolves, with the function that stops it, once active. */
  subscribe(listener: (transition: BreakerTransition) => void): Promise<() => void>;
}

/** {@link BreakerSharing} inside one process: registries given the same instance share their breakers. */
export function createMemoryBreakerSharing(): BreakerSharing {
  const listeners = new Set<(transition: BreakerTransition) => void>();
  return {
    async publish(transition) {
      for (const listener of [...listeners]) listener(transition);
    },
    async subscribe(listener) {
      const entry = (transition: BreakerTransition) => listener(transition);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
  };
}

/** Reads a transition sent as JSON; undefined when the message is not one. */
export function parseBreakerTransition(message: string): BreakerTransition | undefined {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { state, key, openForMs, source } = value as Record<string, unknown>;
  const { clientId, tool } = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
  if (state !== 'open' && state !== 'closed') return undefined;
  if (typeof clientId !== 'string' || typeof tool !== 'string') return undefined;
  if (typeof openForMs !== 'number' || !Number.isFinite(openForMs) || typeof source !== 'string')
    return undefined;
  return { state, key: { clientId, tool }, openForMs, source };
}
