import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import bundledPrices from './prices.json' with { type: 'json' };

/** Price of one model in USD per million tokens. */
export const modelPriceSchema = z.object({
  input_per_million: z.number().min(0),
  output_per_million: z.number().min(0),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

/**
 * A versioned price table: `models` is keyed by canonical model id (`openai/gpt-4o-mini`). Every ledger row
 * records the `version` its cost came from, so changing prices never rewrites history silently.
 */
export const priceTableSchema = z.object({
  version: z.string().min(1),
  updated_at: z.string().min(1),
  source: z.string().optional(),
  models: z.record(z.string(), modelPriceSchema),
});
export type PriceTable = z.infer<typeof priceTableSchema>;

/** A deployment's override: new or changed model prices, and optionally its own version label. */
export const priceTableOverrideSchema = priceTableSchema.partial({ version: true, updated_at: true });
export type PriceTableOverride = z.infer<typeof priceTableOverrideSchema>;

/** The price table shipped with Renum (`prices.json`). */
export const bundledPriceTable: PriceTable = priceTableSchema.parse(bundledPrices);

/** Options of {@link createPriceTable}. */
export interface CreatePriceTableOptions {
  /** Table to start from. @defaultValue bundledPriceTable */
  readonly base?: PriceTable;
  /** Prices merged over the base's (same id: the override wins). */
  readonly override?: PriceTableOverride | undefined;
  /** Use only the override's models, dropping the base's. @defaultValue false */
  readonly replace?: boolean;
}

/**
 * Builds the effective price table. The result's version is the override's `version` when it has one,
 * else `<base version>+override`, so a ledger row always tells which prices were applied.
 * Throws a `ZodError` when the override is malformed.
 */
export function createPriceTable(options: CreatePriceTableOptions = {}): PriceTable {
  const base = options.base ?? bundledPriceTable;
  if (options.override === undefined) return base;
  const override = priceTableOverrideSchema.parse(options.override);
  return {
    version: override.version ?? `${base.version}+override`,
    updated_at: override.updated_at ?? base.updated_at,
    ...(override.source === undefined ? {} : { source: override.source }),
    models: options.replace ? { ...override.models } : { ...base.models, ...override.models },
  };
}

/**
 * A table with a run's or call's override on top (a platform settings version's prices, ADR 0050): the
 * version is `<base>+<label>`; without an override, the base itself.
 */
export function withPriceOverride(
  base: PriceTable,
  override: { readonly label: string; readonly models: Readonly<Record<string, ModelPrice>> } | undefined,
): PriceTable {
  if (!override) return base;
  return createPriceTable({
    base,
    override: { version: `${base.version}+${override.label}`, models: { ...override.models } },
  });
}

/** Options of {@link loadPriceTable}. */
export interface LoadPriceTableOptions extends Omit<CreatePriceTableOptions, 'override'> {
  /** Path of a deployment's JSON override file (same shape as `prices.json`; `version` optional). */
  readonly path?: string | undefined;
  /** An override given as an object; applied after the file's. */
  readonly override?: PriceTableOverride | undefined;
}

/** Loads the effective price table at boot: the bundled table, then the deployment's file, then an object. */
export async function loadPriceTable(options: LoadPriceTableOptions = {}): Promise<PriceTable> {
  let table = options.base ?? bundledPriceTable;
  if (options.path !== undefined) {
    const text = await readFile(options.path, 'utf8');
    const parsed = priceTableOverrideSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`Invalid price table ${options.path}: ${parsed.error.message}`);
    table = createPriceTable({ base: table, override: parsed.data, replace: options.replace ?? false });
  }
  return createPriceTable({ base: table, override: options.override, replace: false });
}
