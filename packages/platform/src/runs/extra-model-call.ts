import { type ApiKeyType, priceOf } from '@renum/runtime';

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

/** The usage-log values of an extra call, priced from the bundled table. */
export function extraCallUsage(call: ExtraModelCall) {
  const quote = priceOf({
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
