import type { BreakerSharing, BreakerTransition } from './breaker-sharing.ts';
import type { ResilienceKey } from './resilience-events.ts';

/** The breakers other processes opened, as one registry knows them. */
export interface RemoteBreakers {
  /** True while another process's breaker on this key is open. */
  isOpen(id: string): boolean;
  /** Tells the other processes that this process's breaker on `key` opened or closed. */
  announce(state: BreakerTransition['state'], key: ResilienceKey, openForMs: number): void;
  /** Forgets what others said about the key. */
  forget(id: string): void;
  /** Resolves once the other processes' transitions are heard (never rejects). */
  readonly ready: Promise<void>;
  /** Stops hearing them. */
  close(): void;
}

/**
 * Listens to {@link BreakerSharing} for one registry: an `open` from another process marks the key open
 * for `openForMs` from its arrival (each process reads its own clock, so clocks need not agree), a
 * `closed` clears it. At most `maxKeys` keys are remembered, the oldest dropped first.
 */
export function createRemoteBreakers(options: {
  sharing: BreakerSharing;
  keyId: (key: ResilienceKey) => string;
  source: string;
  now: () => number;
  maxKeys: number;
  onError: (error: unknown) => void;
}): RemoteBreakers {
  const { sharing, keyId, source, now, maxKeys, onError } = options;
  const openUntil = new Map<string, number>();
  let stop: (() => void) | undefined;
  let closed = false;

  const hear = (transition: BreakerTransition) => {
    if (transition.source === source) return;
    const id = keyId(transition.key);
    openUntil.delete(id);
    if (transition.state === 'closed') return;
    openUntil.set(id, now() + transition.openForMs);
    if (openUntil.size > maxKeys) openUntil.delete(openUntil.keys().next().value as string);
  };
  const ready = sharing.subscribe(hear).then(
    (unsubscribe) => {
      if (closed) unsubscribe();
      else stop = unsubscribe;
    },
    (error: unknown) => onError(error),
  );

  return {
    isOpen(id) {
      const until = openUntil.get(id);
      if (until === undefined) return false;
      if (until > now()) return true;
      openUntil.delete(id);
      return false;
    },
    announce(state, key, openForMs) {
      sharing
        .publish({ state, key: { clientId: key.clientId, tool: key.tool }, openForMs, source })
        .catch(onError);
    },
    forget: (id) => openUntil.delete(id),
    ready,
    close() {
      closed = true;
      stop?.();
    },
  };
}
