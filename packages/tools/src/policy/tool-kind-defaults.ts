/**
 * Broad class of a tool, which picks its default timeout and retries (seed 004, section 3):
 * `business-api` for slow third-party APIs (Meta, Tavily, Firecrawl, client HTTP APIs), `messaging` for
 * WhatsApp and other message senders, `database` for fast internal lookups that should fail fast.
 */
export type ToolKind = 'business-api' | 'messaging' | 'database';

/** Timeout and retry figures for one {@link ToolKind}. */
export interface ToolKindDefaults {
  /** Time allowed for one attempt, in ms. */
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
}

/** Seed 004's figures: Meta API 30 s and 3 retries, WhatsApp 10 s and 2 retries, database 5 s and none. */
export const toolKindDefaults: Readonly<Record<ToolKind, ToolKindDefaults>> = {
  'business-api': { timeoutMs: 30_000, retries: 3 },
  messaging: { timeoutMs: 10_000, retries: 2 },
  database: { timeoutMs: 5_000, retries: 0 },
};

/** Seed 004's cache TTLs by kind of data, in ms: metrics 5 min, lists 2 min, details 10 min, monthly summaries 30 min. */
export const cacheTtlPresets = {
  metrics: 300_000,
  list: 120_000,
  detail: 600_000,
  summary: 1_800_000,
} as const;

/** Cache TTL when a cacheable tool names none (seed 004's `default_ttl` of 300 s), in ms. */
export const defaultCacheTtlMs = 300_000;
