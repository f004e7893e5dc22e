import { bundledPriceTable, type PriceTable } from './price-table.ts';
import { divideRounded, formatUsdUnits, usdToUnits, usdUnitsToNumber } from './usd-units.ts';

/** Options of {@link priceOf}. */
export interface PriceOfOptions {
  /** Provider part of the canonical id (`openai`, `anthropic`, `openai-compatible`, `offline`). */
  readonly provider: string;
  /** Model part of the canonical id (`gpt-4o-mini`, `ollama/llama3.1`). */
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** @defaultValue bundledPriceTable */
  readonly table?: PriceTable;
}

/** The cost of one model call. */
export interface PriceQuote {
  /** Cost in USD, exact to 8 decimals (0 when unpriced). */
  readonly costUsd: number;
  /** The same cost as exact decimal text with 8 places, for `numeric(18, 8)` columns. */
  readonly costUsdText: string;
  /** False when the table has no price for the model; the cost is then 0. */
  readonly priced: boolean;
  /** Version of the table used. */
  readonly version: string;
  /** Table key that matched, or null. */
  readonly priceKey: string | null;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/** Keys to try for a model, most specific first: as given, then without a date or `-latest` suffix. */
function candidateKeys(provider: string, model: string): string[] {
  const exact = `${provider}/${model}`;
  const undated = model.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
  return undated === model ? [exact] : [exact, `${provider}/${undated}`];
}

function tokenCount(name: string, value: number): bigint {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return BigInt(value);
}

/**
 * Prices a model call from the table: `(input × input price + output × output price) / 1,000,000`,
 * computed in integers and rounded once to 10⁻⁸ USD. Dated ids (`gpt-4o-mini-2024-07-18`,
 * `claude-haiku-4-5-20251001`) fall back to their undated entry. An unknown model costs 0 with
 * `priced: false`, so a missing price shows up in reports instead of failing a run.
 */
export function priceOf(options: PriceOfOptions): PriceQuote {
  const table = options.table ?? bundledPriceTable;
  const input = tokenCount('inputTokens', options.inputTokens);
  const output = tokenCount('outputTokens', options.outputTokens);
  for (const key of candidateKeys(options.provider, options.model)) {
    const price = table.models[key];
    if (price === undefined) continue;
    const numerator =
      input * usdToUnits(price.input_per_million) + output * usdToUnits(price.output_per_million);
    const units = divideRounded(numerator, TOKENS_PER_PRICE_UNIT);
    return {
      costUsd: usdUnitsToNumber(units),
      costUsdText: formatUsdUnits(units),
      priced: true,
      version: table.version,
      priceKey: key,
    };
  }
  return {
    costUsd: 0,
    costUsdText: formatUsdUnits(0n),
    priced: false,
    version: table.version,
    priceKey: null,
  };
}
