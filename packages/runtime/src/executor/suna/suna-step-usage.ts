import { modelProviders } from '../../models/registry/model-id.ts';
import { priceOf } from '../../pricing/price-of.ts';
import type { PriceTable } from '../../pricing/price-table.ts';
import type { StepUsage } from '../executor.ts';
import type { SunaLlmUsage } from './suna-event-mapper.ts';

/**
 * One Suna LLM call as a usage-ledger step, priced from the platform's table: Suna reports LiteLLM ids
 * (`openai/gpt-4o-mini`, `anthropic/claude-…`), which are the table's keys; its own aliases
 * (`kortix/basic`) are recorded under the provider `suna`, unpriced until the table names them.
 */
export function sunaStepUsage(options: {
  usage: SunaLlmUsage;
  stepNumber: number;
  latencyMs: number;
  prices: PriceTable;
}): StepUsage {
  const { usage } = options;
  const slash = usage.model.indexOf('/');
  const head = slash > 0 ? usage.model.slice(0, slash) : '';
  const known = (modelProviders as readonly string[]).includes(head);
  const provider = known ? head : 'suna';
  const modelName = known ? usage.model.slice(slash + 1) : usage.model;
  const quote = priceOf({
    provider,
    model: modelName,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    table: options.prices,
  });
  return {
    stepNumber: options.stepNumber,
    provider: provider as StepUsage['provider'],
    modelId: `${provider}/${modelName}`,
    modelName,
    apiKeyType: 'platform',
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.inputTokens + usage.outputTokens,
    costUsd: quote.costUsd,
    costUsdText: quote.costUsdText,
    priced: quote.priced,
    priceVersion: quote.version,
    latencyMs: options.latencyMs,
    attempts: 1,
    finishReason: 'stop',
    executor: 'suna',
  };
}
