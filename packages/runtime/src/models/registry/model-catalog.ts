/** A model the UI may offer, with a human label. */
export interface CatalogModel {
  /** Model name within its provider, e.g. `gpt-4o-mini`. */
  readonly model: string;
  /** What people see, e.g. `GPT-4o mini`. */
  readonly label: string;
}

/**
 * OpenAI models offered when an OpenAI key is configured, cheapest general-purpose first (the seeds' default
 * `gpt-4o-mini` leads). Any other OpenAI model id still resolves; this list only feeds pickers.
 */
export const openaiCatalog: readonly CatalogModel[] = [
  { model: 'gpt-4o-mini', label: 'GPT-4o mini' },
  { model: 'gpt-4o', label: 'GPT-4o' },
  { model: 'gpt-4.1-mini', label: 'GPT-4.1 mini' },
  { model: 'gpt-4.1', label: 'GPT-4.1' },
  { model: 'gpt-4.1-nano', label: 'GPT-4.1 nano' },
  { model: 'gpt-5-mini', label: 'GPT-5 mini' },
  { model: 'gpt-5', label: 'GPT-5' },
  { model: 'gpt-5-nano', label: 'GPT-5 nano' },
  { model: 'o4-mini', label: 'o4-mini' },
];

/** Anthropic models offered when an Anthropic key is configured. */
export const anthropicCatalog: readonly CatalogModel[] = [
  { model: 'claude-haiku-4-5', label: 'Claude Haiku 4.5' },
  { model: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5' },
  { model: 'claude-opus-4-5', label: 'Claude Opus 4.5' },
];

/** Label of the offline model in pickers. */
export const OFFLINE_MODEL_LABEL = 'Renum offline (no key, no network, deterministic)';
