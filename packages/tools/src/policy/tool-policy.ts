import { cacheTtlPresets, defaultCacheTtlMs, type ToolKind, toolKindDefaults } from './tool-kind-defaults.ts';

/** Exponential backoff between retries (decorrelated jitter, from cockatiel). */
export interface BackoffPolicy {
  /** First delay, in ms. */
  readonly initialDelayMs: number;
  /** Largest delay, in ms. */
  readonly maxDelayMs: number;
}

/** Circuit breaker settings; one breaker per client × tool. */
export interface BreakerPolicy {
  /** Consecutive failed attempts that open the breaker. */
  readonly consecutiveFailures: number;
  /** Time an open breaker waits before letting one trial call through (half-open), in ms. */
  readonly halfOpenAfterMs: number;
}

/** Bulkhead settings; one bulkhead per client × tool. */
export interface BulkheadPolicy {
  /** Calls allowed to run at once. */
  readonly maxConcurrent: number;
  /** Calls allowed to wait for a slot; beyond that calls are rejected at once. */
  readonly maxQueued: number;
}

/**
 * How the proxy treats one tool: resilience settings and caching. Unset fields take the kind's defaults
 * (see `resolveToolPolicy`).
 */
export interface ToolPolicy {
  /** Picks default timeout and retries. */
  readonly kind: ToolKind;
  /**
   * True when a call changes something (sends a message, writes data). Such a tool is never cached, and
   * retried only when the request surely did not reach the service (connection refused, DNS failure,
   * connect timeout, 429): a timeout or 5xx may mean the action happened.
   */
  readonly sideEffects: boolean;
  /** Time allowed for one attempt, in ms. @defaultValue the kind's `timeoutMs` */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. @defaultValue the kind's `retries` */
  readonly retries?: number;
  /** Backoff between retries. @defaultValue `{ initialDelayMs: 2000, maxDelayMs: 10000 }` (seed 004) */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Longest `Retry-After` honoured; longer waits are capped to this, in ms. @defaultValue `30000` */
  readonly maxRetryAfterMs?: number;
  /** Circuit breaker. @defaultValue `{ consecutiveFailures: 5, halfOpenAfterMs: 30000 }` */
  readonly breaker?: Partial<BreakerPolicy>;
  /** Bulkhead. @defaultValue `{ maxConcurrent: 32, maxQueued: 32 }` */
  readonly bulkhead?: Partial<BulkheadPolicy>;
  /** How long a result stays cached, in ms; ignored when `sideEffects`. @defaultValue `300000` (seed 004) */
  readonly cacheTtlMs?: number;
}

/** A {@link ToolPolicy} with every default filled in; `cacheTtlMs` is null when results must not be cached. */
export interface ResolvedToolPolicy {
  readonly kind: ToolKind;
  readonly sideEffects: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff: BackoffPolicy;
  readonly maxRetryAfterMs: number;
  readonly breaker: BreakerPolicy;
  readonly bulkhead: BulkheadPolicy;
  readonly cacheTtlMs: number | null;
}

/** Policies of the seeds' tools. Client-defined HTTP tools get theirs from their method (see the proxy). */
export const defaultToolPolicies: Readonly<Record<string, ToolPolicy>> = {
  web_search: { kind: 'business-api', sideEffects: false, cacheTtlMs: defaultCacheTtlMs },
  web_scrape: { kind: 'business-api', sideEffects: false, cacheTtlMs: cacheTtlPresets.detail },
  whatsapp_send_message: { kind: 'messaging', sideEffects: true },
};

/** Policy for a tool nobody described: a slow API that may have side effects, so never cached. */
export const unknownToolPolicy: ToolPolicy = { kind: 'business-api', sideEffects: true };

/** Fills in every default of a {@link ToolPolicy}. */
export function resolveToolPolicy(policy: ToolPolicy): ResolvedToolPolicy {
  const kind = toolKindDefaults[policy.kind];
  return {
    kind: policy.kind,
    sideEffects: policy.sideEffects,
    timeoutMs: policy.timeoutMs ?? kind.timeoutMs,
    retries: policy.retries ?? kind.retries,
    backoff: {
      initialDelayMs: policy.backoff?.initialDelayMs ?? 2_000,
      maxDelayMs: policy.backoff?.maxDelayMs ?? 10_000,
    },
    maxRetryAfterMs: policy.maxRetryAfterMs ?? 30_000,
    breaker: {
      consecutiveFailures: policy.breaker?.consecutiveFailures ?? 5,
      halfOpenAfterMs: policy.breaker?.halfOpenAfterMs ?? 30_000,
    },
    bulkhead: {
      maxConcurrent: policy.bulkhead?.maxConcurrent ?? 32,
      maxQueued: policy.bulkhead?.maxQueued ?? 32,
    },
    cacheTtlMs: policy.sideEffects ? null : (policy.cacheTtlMs ?? defaultCacheTtlMs),
  };
}
