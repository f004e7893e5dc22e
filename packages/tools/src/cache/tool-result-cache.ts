import {
  defaultToolPolicies,
  resolveToolPolicy,
  type ToolPolicy,
  unknownToolPolicy,
} from '../policy/tool-policy.ts';
import type { CacheStore } from './cache-store.ts';
import type { JsonValue } from './stable-json.ts';
import { type ToolCacheKeyInput, toolCacheKey, toolCacheKeyPrefix } from './tool-cache-key.ts';

/** Counters of a {@link ToolResultCache} since it was created. */
export interface ToolResultCacheStats {
  /** Lookups answered from the cache. */
  readonly hits: number;
  /** Lookups of cacheable tools that found nothing. */
  readonly misses: number;
  /** Lookups skipped because the tool has side effects or no TTL. */
  readonly bypasses: number;
}

/** Outcome of {@link ToolResultCache.get}. */
export type CacheLookup = { readonly hit: true; readonly value: JsonValue } | { readonly hit: false };

/** Options of {@link ToolResultCache.getOrLoad}. */
export interface LoadOptions<T> {
  /** Decides whether a loaded value is stored (e.g. only successful results). @defaultValue always */
  cacheIf?: (value: T) => boolean;
}

/** TTL cache of idempotent tool results, keyed by client, tool and normalised arguments. */
export interface ToolResultCache {
  /** Looks a result up; always a miss (counted as a bypass) for tools that must not be cached. */
  get(input: ToolCacheKeyInput): Promise<CacheLookup>;
  /** Stores a result for the tool's TTL; returns false (storing nothing) for tools that must not be cached. */
  set(input: ToolCacheKeyInput, value: JsonValue): Promise<boolean>;
  /**
   * Returns the cached result or loads, stores and returns it. Concurrent loads of one key in this
   * process share a single call to `load` (and its value object); `cached` is false only for the caller
   * whose `load` ran.
   */
  getOrLoad<T extends JsonValue>(
    input: ToolCacheKeyInput,
    load: () => Promise<T>,
    options?: LoadOptions<T>,
  ): Promise<{ readonly value: T; readonly cached: boolean }>;
  /** Drops a client's cached results, of one tool or of all its tools; returns how many. */
  invalidate(scope: { readonly clientId: string; readonly tool?: string }): Promise<number>;
  /** Drops every key starting with `prefix` (see `toolCacheKeyPrefix`); returns how many. */
  invalidatePrefix(prefix: string): Promise<number>;
  /** Hit, miss and bypass counters. */
  stats(): ToolResultCacheStats;
}

/** Options of {@link createToolResultCache}. */
export interface ToolResultCacheOptions {
  /** Where results live. */
  store: CacheStore;
  /**
   * Policy of a tool: `sideEffects` tools are never cached, others for `cacheTtlMs`.
   * @defaultValue `defaultToolPolicies[tool]`, else `unknownToolPolicy` (not cached)
   */
  policyFor?: (tool: string, clientId: string) => ToolPolicy;
}

/** Creates a {@link ToolResultCache} over a {@link CacheStore}. */
export function createToolResultCache(options: ToolResultCacheOptions): ToolResultCache {
  const { store } = options;
  const policyFor = options.policyFor ?? ((tool: string) => defaultToolPolicies[tool] ?? unknownToolPolicy);
  const counters = { hits: 0, misses: 0, bypasses: 0 };
  const loading = new Map<string, Promise<{ value: JsonValue; cached: boolean }>>();

  const ttlOf = (input: ToolCacheKeyInput): number | null =>
    resolveToolPolicy(policyFor(input.tool, input.clientId)).cacheTtlMs;

  const lookup = async (key: string): Promise<CacheLookup> => {
    const text = await store.get(key);
    if (text === undefined) {
      counters.misses++;
      return { hit: false };
    }
    counters.hits++;
    return { hit: true, value: JSON.parse(text) as JsonValue };
  };

  const cache: ToolResultCache = {
    async get(input) {
      if (!ttlOf(input)) {
        counters.bypasses++;
        return { hit: false };
      }
      return lookup(toolCacheKey(input));
    },
    async set(input, value) {
      const ttl = ttlOf(input);
      if (!ttl) return false;
      await store.set(toolCacheKey(input), JSON.stringify(value), ttl);
      return true;
    },
    async getOrLoad<T extends JsonValue>(
      input: ToolCacheKeyInput,
      load: () => Promise<T>,
      loadOptions: LoadOptions<T> = {},
    ) {
      const ttl = ttlOf(input);
      if (!ttl) {
        counters.bypasses++;
        return { value: await load(), cached: false };
      }
      const key = toolCacheKey(input);
      const pending = loading.get(key);
      if (pending) {
        // Joining a load in flight answers without another upstream call: it counts as a hit.
        counters.hits++;
        const shared = await pending;
        return { value: shared.value as T, cached: true };
      }
      const run = (async () => {
        const found = await lookup(key);
        if (found.hit) return { value: found.value, cached: true };
        const value = await load();
        if (loadOptions.cacheIf?.(value) ?? true) await store.set(key, JSON.stringify(value), ttl);
        return { value, cached: false };
      })();
      loading.set(key, run);
      try {
        return (await run) as { value: T; cached: boolean };
      } finally {
        loading.delete(key);
      }
    },
    invalidate: (scope) => store.deletePrefix(toolCacheKeyPrefix(scope)),
    invalidatePrefix: (prefix) => store.deletePrefix(prefix),
    stats: () => ({ ...counters }),
  };
  return cache;
}
