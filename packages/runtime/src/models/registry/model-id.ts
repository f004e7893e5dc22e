import { AppError } from '@renum/contracts';

/** Providers the registry knows. `openai-compatible` covers Ollama, vLLM, LiteLLM, OpenRouter and the like. */
export const modelProviders = ['openai', 'anthropic', 'openai-compatible', 'offline'] as const;

/** One of {@link modelProviders}. */
export type ModelProvider = (typeof modelProviders)[number];

/**
 * A model reference split into its parts. Invariant: `id === provider + '/' + model`, so the canonical id
 * also keys the price table. For `openai-compatible`, `model` is `<endpoint>/<model>` and `endpoint` is set.
 */
export interface ParsedModelId {
  /** Canonical id, e.g. `openai/gpt-4o-mini` or `openai-compatible/ollama/llama3.1`. */
  readonly id: string;
  readonly provider: ModelProvider;
  /** Model name within the provider, e.g. `gpt-4o-mini` or `ollama/llama3.1`. */
  readonly model: string;
  /** Name of the configured OpenAI-compatible endpoint (`ollama`), for that provider only. */
  readonly endpoint?: string;
  /** Model name sent to the provider's API (`llama3.1` for `openai-compatible/ollama/llama3.1`). */
  readonly apiModel: string;
}

function isModelProvider(value: string): value is ModelProvider {
  return (modelProviders as readonly string[]).includes(value);
}

/**
 * Parses a model reference: `openai/<model>`, `anthropic/<model>`, `openai-compatible/<name>/<model>`,
 * `offline/renum`, or a bare name (no `/`, like the seeds' default `gpt-4o-mini`), which means OpenAI.
 * Throws `MODEL_NOT_CONFIGURED` for an unknown provider prefix or a malformed reference, naming it.
 */
export function parseModelId(reference: string): ParsedModelId {
  const trimmed = reference.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) {
    if (trimmed.length === 0) throw invalidReference(reference, 'is empty');
    return { id: `openai/${trimmed}`, provider: 'openai', model: trimmed, apiModel: trimmed };
  }
  const prefix = trimmed.slice(0, slash);
  const model = trimmed.slice(slash + 1);
  if (!isModelProvider(prefix)) {
    throw new AppError('MODEL_NOT_CONFIGURED', `Model provider "${prefix}" is not supported`, {
      context: { provider: prefix, model },
    });
  }
  if (model.length === 0) throw invalidReference(reference, 'names no model');
  if (prefix !== 'openai-compatible') return { id: trimmed, provider: prefix, model, apiModel: model };
  const endpointSlash = model.indexOf('/');
  if (endpointSlash <= 0 || endpointSlash === model.length - 1) {
    throw invalidReference(reference, 'must be openai-compatible/<endpoint>/<model>');
  }
  return {
    id: trimmed,
    provider: prefix,
    model,
    endpoint: model.slice(0, endpointSlash),
    apiModel: model.slice(endpointSlash + 1),
  };
}

function invalidReference(reference: string, problem: string): AppError {
  return new AppError('MODEL_NOT_CONFIGURED', `Model reference "${reference}" ${problem}`, {
    context: { provider: null, model: reference },
  });
}
