import type { SharedV4ProviderMetadata } from '@ai-sdk/provider';
import type { ApiKeyType } from '../registry/create-model-registry.ts';
import type { ModelProvider } from '../registry/model-id.ts';

/** Key under which the call policy records, in a call's provider metadata, which model really answered. */
export const CALL_METADATA_KEY = 'renum';

/** Which model answered a call and after how many attempts: one usage-ledger row. */
export interface CallMetadata {
  /** Canonical model id that answered (a fallback's when the agent's own model failed). */
  readonly modelId: string;
  readonly provider: ModelProvider;
  readonly modelName: string;
  readonly apiKeyType: ApiKeyType;
  /** Attempts made for this call, the successful one included. */
  readonly attempts: number;
}

/** Provider metadata extended with {@link CallMetadata}. */
export function withCallMetadata(
  metadata: SharedV4ProviderMetadata | undefined,
  call: CallMetadata,
): SharedV4ProviderMetadata {
  return {
    ...metadata,
    [CALL_METADATA_KEY]: {
      model_id: call.modelId,
      provider: call.provider,
      model_name: call.modelName,
      api_key_type: call.apiKeyType,
      attempts: call.attempts,
    },
  };
}

/** Reads {@link CallMetadata} back from a step's provider metadata; undefined when the call had no policy. */
export function readCallMetadata(
  metadata: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined,
): CallMetadata | undefined {
  const entry = metadata?.[CALL_METADATA_KEY];
  if (!entry || typeof entry.model_id !== 'string') return undefined;
  return {
    modelId: entry.model_id,
    provider: entry.provider as ModelProvider,
    modelName: String(entry.model_name),
    apiKeyType: entry.api_key_type === 'client' ? 'client' : 'platform',
    attempts: typeof entry.attempts === 'number' ? entry.attempts : 1,
  };
}
