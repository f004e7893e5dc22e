import {
  type ApiKeyType,
  bundledPriceTable,
  type PriceOverride,
  priceOf,
  withPriceOverride,
} from '@renum/runtime';

/** A model call a run makes besides its answer (topic analysis, summary): it is metered too. */
export interface ExtraModelCall {
  provider: string;
  modelName: string;
  apiKeyType: ApiKeyType;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  purpose: 'topic_analysis' | 'summary';
}

/**
 * The usage-log values of an extra call, priced from the bundled table with the platform settings'
 * overrides the step started with (version `<table>+settings.<n>`), as the step's own calls are.
 */
export function extraCallUsage(call: ExtraModelCall, override?: PriceOverride) {
  const quote = priceOf({
    table: withPriceOverride(bundledPriceTable, override),
    provider: call.provider,
    model: call.modelName,
    inputTokens: call.inputTokens,
    outputTokens: call.outputTokens,
  });
  return {
    model_provider: call.provider,
    model_name: call.modelName,
    api_key_type: call.apiKeyType,
    tokens_input: call.inputTokens,
    tokens_output: call.outputTokens,
    cost_usd: quote.costUsdText,
    price_version: quote.version,
    latency_ms: Math.round(call.latencyMs),
    request_data: { purpose: call.purpose },
  };
}
