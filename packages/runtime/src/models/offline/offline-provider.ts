import {
  type EmbeddingModelV4,
  type ImageModelV4,
  NoSuchModelError,
  type ProviderV4,
} from '@ai-sdk/provider';
import {
  OfflineLanguageModel,
  type OfflineModelId,
  type OfflineModelSettings,
} from './offline-language-model.ts';

/** Provider id of the offline model, as in the model reference `offline/renum`. */
export const OFFLINE_PROVIDER_ID = 'offline';

/** Id of the offline provider's only model. */
export const OFFLINE_MODEL_ID: OfflineModelId = 'renum';

/** An AI SDK provider serving the offline model; callable like `openai('gpt-4o')`. */
export interface OfflineProvider extends ProviderV4 {
  /** The offline model (`renum`, the default). */
  (modelId?: OfflineModelId): OfflineLanguageModel;
  /** The offline model; any id other than `renum` throws `NoSuchModelError`. */
  languageModel(modelId: string): OfflineLanguageModel;
}

/**
 * Creates the offline provider, usable wherever the AI SDK takes a provider or a model
 * (`streamText({ model: offline('renum') })`, `createProviderRegistry({ offline })`). It serves only
 * language models; asking for an embedding or image model throws `NoSuchModelError`.
 */
export function createOfflineProvider(settings: OfflineModelSettings = {}): OfflineProvider {
  const languageModel = (modelId: string = OFFLINE_MODEL_ID): OfflineLanguageModel => {
    if (modelId !== OFFLINE_MODEL_ID) throw new NoSuchModelError({ modelId, modelType: 'languageModel' });
    return new OfflineLanguageModel(settings);
  };
  const provider = (modelId?: OfflineModelId) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v4' as const,
    languageModel,
    embeddingModel(modelId: string): EmbeddingModelV4 {
      throw new NoSuchModelError({ modelId, modelType: 'embeddingModel' });
    },
    imageModel(modelId: string): ImageModelV4 {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
  });
}
