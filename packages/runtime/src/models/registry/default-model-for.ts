import type { ModelRegistryOptions } from './create-model-registry.ts';

/**
 * The platform's default model for new agents given what is configured: OpenAI's `gpt-4o-mini` (the seeds'
 * default) with an OpenAI key, else Anthropic's `claude-haiku-4-5`, else the first model listed for an
 * OpenAI-compatible endpoint, else `offline/renum`, which needs nothing.
 */
export function defaultModelFor(config: ModelRegistryOptions): string {
  if (config.openai?.apiKey) return 'openai/gpt-4o-mini';
  if (config.anthropic?.apiKey) return 'anthropic/claude-haiku-4-5';
  for (const [name, endpoint] of Object.entries(config.openaiCompatible ?? {})) {
    const first = endpoint.models?.[0];
    if (first) return `openai-compatible/${name}/${first}`;
  }
  return 'offline/renum';
}
