import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV4, LanguageModelV4 } from '@ai-sdk/provider';
import type { FetchFunction } from '@ai-sdk/provider-utils';
import { AppError } from '@renum/contracts';
import type { OfflineModelSettings } from '../offline/offline-language-model.ts';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../offline/offline-provider.ts';
import { defaultModelFor } from './default-model-for.ts';
import { anthropicCatalog, OFFLINE_MODEL_LABEL, openaiCatalog } from './model-catalog.ts';
import { type ModelProvider, type ParsedModelId, parseModelId } from './model-id.ts';

/** Which OpenAI HTTP API `openai/<model>` uses. */
export type OpenAIApi = 'responses' | 'chat';

/** Platform credentials and endpoint of OpenAI. Without `apiKey`, OpenAI counts as not configured. */
export interface OpenAIProviderConfig {
  readonly apiKey?: string | undefined;
  /** @defaultValue 'https://api.openai.com/v1' */
  readonly baseURL?: string | undefined;
  /**
   * `responses` (OpenAI's current API, the AI SDK's default) or `chat` (chat completions, for proxies that
   * only speak that).
   * @defaultValue 'responses'
   */
  readonly api?: OpenAIApi;
}

/** Platform credentials and endpoint of Anthropic. Without `apiKey`, Anthropic counts as not configured. */
export interface AnthropicProviderConfig {
  readonly apiKey?: string | undefined;
  /** @defaultValue 'https://api.anthropic.com/v1' */
  readonly baseURL?: string | undefined;
}

/** One OpenAI-compatible endpoint (Ollama, vLLM, LiteLLM, OpenRouter...), reached as `openai-compatible/<name>/...`. */
export interface OpenAICompatibleEndpointConfig {
  /** Base URL including the version path, e.g. `http://127.0.0.1:11434/v1`. */
  readonly baseURL: string;
  /** Sent as `Authorization: Bearer`; local servers usually need none. */
  readonly apiKey?: string | undefined;
  /** Models offered in pickers; any other model name still resolves. @defaultValue [] */
  readonly models?: readonly string[];
  /** Display name in pickers. @defaultValue the endpoint's name */
  readonly label?: string;
}

/** Options of {@link createModelRegistry}; every provider is optional. */
export interface ModelRegistryOptions {
  readonly openai?: OpenAIProviderConfig | undefined;
  readonly anthropic?: AnthropicProviderConfig | undefined;
  /** OpenAI-compatible endpoints by name (letters, digits, `-`, `_`). */
  readonly openaiCompatible?: Readonly<Record<string, OpenAICompatibleEndpointConfig>> | undefined;
  /** fetch used by every HTTP provider (tests point it, or the base URLs, at local fakes). @defaultValue globalThis.fetch */
  readonly fetch?: FetchFunction | undefined;
  /** Settings of `offline/renum`. @defaultValue {} */
  readonly offline?: OfflineModelSettings | undefined;
}

/**
 * Opens a client's own provider key for one request. The registry calls it inside the provider's
 * `fetch`, right before the request leaves, and sets the provider's auth header from it: the clear key
 * exists only while that outbound call is made, never in a model object, an executor or a prompt.
 */
export type ClientKeySource = () => Promise<string>;

/** Per-call credentials: a client's own key (BYOK) replaces the platform's for this call. */
export interface ResolveModelOptions {
  readonly clientKey?: ClientKeySource | undefined;
}

/** Stands in the provider's settings for a key the request's `fetch` sets (the SDKs require one). */
const keyPlaceholder = 'renum-client-key-set-per-request';

/** Who pays for a call: the platform's key or the client's own; written to the usage ledger. */
export type ApiKeyType = 'client' | 'platform';

/** A model ready for `streamText`, with what the ledger and the price table need to know about it. */
export interface ResolvedModel {
  readonly model: LanguageModelV4;
  readonly provider: ModelProvider;
  /** Canonical id, `provider/model` (a bare `gpt-4o-mini` becomes `openai/gpt-4o-mini`). */
  readonly modelId: string;
  /** Model name within the provider (`gpt-4o-mini`, `ollama/llama3.1`). */
  readonly modelName: string;
  readonly apiKeyType: ApiKeyType;
}

/** An embedding model ready for `embedMany`, with what the ledger needs to know about it. */
export interface ResolvedEmbeddingModel {
  readonly model: EmbeddingModelV4;
  readonly provider: ModelProvider;
  readonly modelId: string;
  readonly modelName: string;
  readonly apiKeyType: ApiKeyType;
}

/**
 * A reranker reached over HTTP: `POST url` with `{ model, query, documents, top_n }` answering
 * `{ results: [{ index, relevance_score }] }` (Cohere's and Jina's wire format, spoken by vLLM, Infinity,
 * llama.cpp, TEI and LiteLLM). `fetch` sets the platform's or the client's key.
 */
export interface ResolvedReranker {
  readonly url: string;
  readonly fetch: FetchFunction;
  readonly provider: ModelProvider;
  readonly modelId: string;
  readonly modelName: string;
  /** Model name sent to the endpoint. */
  readonly apiModel: string;
  readonly apiKeyType: ApiKeyType;
}

/** A model the UI offers. */
export interface ModelOption {
  /** Canonical id to store on the agent. */
  readonly id: string;
  readonly provider: ModelProvider;
  readonly model: string;
  readonly label: string;
  /** True only for `offline/renum`, which answers without a provider (demo mode). */
  readonly offline: boolean;
}

/** Resolves model references to AI SDK models. */
export interface ModelRegistry {
  /**
   * Resolves a reference (see {@link parseModelId}). Throws `AppError('MODEL_NOT_CONFIGURED')` naming the
   * provider (`context: { provider, model }`) when that provider has no key, endpoint or support.
   */
  resolve(modelId: string, options?: ResolveModelOptions): ResolvedModel;
  /**
   * Resolves an embedding model (`openai/text-embedding-3-small`, `openai-compatible/ollama/nomic-embed-text`).
   * `MODEL_NOT_CONFIGURED` like {@link resolve}; the offline provider has no embedding model.
   */
  resolveEmbedding(modelId: string, options?: ResolveModelOptions): ResolvedEmbeddingModel;
  /**
   * Resolves a reranker (`openai-compatible/<endpoint>/<model>`: the endpoint's `/rerank`). OpenAI,
   * Anthropic and the offline model have none: `MODEL_NOT_CONFIGURED` like {@link resolve}.
   */
  resolveReranker(modelId: string, options?: ResolveModelOptions): ResolvedReranker;
  /** Models to offer: those of configured providers, then the offline model (always available). */
  listModels(): ModelOption[];
  /** The default model for new agents given this configuration (`offline/renum` when nothing is configured). */
  defaultModel(): string;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';

function notConfigured(parsed: ParsedModelId, provider: string, what: string): AppError {
  return new AppError('MODEL_NOT_CONFIGURED', `Model provider "${provider}" is not configured: ${what}`, {
    context: { provider, model: parsed.id },
  });
}

/**
 * Creates the model registry. Provider clients for platform keys are built once and reused; a per-call
 * client key builds a fresh client. Base URLs and keys are always passed explicitly, so the provider
 * packages never fall back to environment variables.
 */
export function createModelRegistry(options: ModelRegistryOptions = {}): ModelRegistry {
  const fetch = options.fetch;
  const offline = createOfflineProvider(options.offline ?? {});
  const fetchFor = (key: ClientKeySource | undefined, header: KeyHeader) =>
    key ? keyedFetch(key, header, fetch) : fetch;
  const openaiFor = (apiKey: string, key?: ClientKeySource) => {
    const keyed = fetchFor(key, 'authorization');
    return createOpenAI({
      apiKey,
      baseURL: options.openai?.baseURL ?? OPENAI_BASE_URL,
      ...(keyed ? { fetch: keyed } : {}),
    });
  };
  const anthropicFor = (apiKey: string, key?: ClientKeySource) => {
    const keyed = fetchFor(key, 'x-api-key');
    return createAnthropic({
      apiKey,
      baseURL: options.anthropic?.baseURL ?? ANTHROPIC_BASE_URL,
      ...(keyed ? { fetch: keyed } : {}),
    });
  };
  const compatibleFor = (
    name: string,
    config: OpenAICompatibleEndpointConfig,
    apiKey: string | undefined,
    key?: ClientKeySource,
  ) => {
    const keyed = fetchFor(key, 'authorization');
    return createOpenAICompatible({
      name,
      baseURL: config.baseURL,
      includeUsage: true,
      ...(apiKey ? { apiKey } : {}),
      ...(keyed ? { fetch: keyed } : {}),
    });
  };
  const platformOpenAI = options.openai?.apiKey ? openaiFor(options.openai.apiKey) : undefined;
  const platformAnthropic = options.anthropic?.apiKey ? anthropicFor(options.anthropic.apiKey) : undefined;
  const platformCompatible = new Map<string, ReturnType<typeof compatibleFor>>();
  const openaiApi: OpenAIApi = options.openai?.api ?? 'responses';

  const resolveLanguageModel = (
    parsed: ParsedModelId,
    clientKey: ClientKeySource | undefined,
  ): LanguageModelV4 => {
    switch (parsed.provider) {
      case 'offline':
        if (parsed.model !== OFFLINE_MODEL_ID)
          throw notConfigured(parsed, 'offline', 'its only model is renum');
        return offline(OFFLINE_MODEL_ID);
      case 'openai': {
        const provider = clientKey ? openaiFor(keyPlaceholder, clientKey) : platformOpenAI;
        if (!provider) throw notConfigured(parsed, 'openai', 'no OpenAI API key');
        return openaiApi === 'chat' ? provider.chat(parsed.apiModel) : provider.responses(parsed.apiModel);
      }
      case 'anthropic': {
        const provider = clientKey ? anthropicFor(keyPlaceholder, clientKey) : platformAnthropic;
        if (!provider) throw notConfigured(parsed, 'anthropic', 'no Anthropic API key');
        return provider.languageModel(parsed.apiModel);
      }
      case 'openai-compatible': {
        const endpoint = parsed.endpoint ?? '';
        const config = options.openaiCompatible?.[endpoint];
        if (!config) throw notConfigured(parsed, `openai-compatible/${endpoint}`, 'no such endpoint');
        if (clientKey) {
          return compatibleFor(endpoint, config, keyPlaceholder, clientKey).chatModel(parsed.apiModel);
        }
        let provider = platformCompatible.get(endpoint);
        if (!provider) {
          provider = compatibleFor(endpoint, config, config.apiKey);
          platformCompatible.set(endpoint, provider);
        }
        return provider.chatModel(parsed.apiModel);
      }
    }
  };

  // Models called with the platform's key are immutable and stateless between calls: built once per id,
  // since building one (the provider's response schemas among it) cost as much as a turn's SQL building.
  // A client's key makes a model of its own each time (its fetch opens that key).
  const platformModels = new Map<string, LanguageModelV4>();
  const platformModel = (parsed: ParsedModelId): LanguageModelV4 => {
    let model = platformModels.get(parsed.id);
    if (!model) {
      model = resolveLanguageModel(parsed, undefined);
      platformModels.set(parsed.id, model);
    }
    return model;
  };

  const resolveEmbeddingModel = (
    parsed: ParsedModelId,
    clientKey: ClientKeySource | undefined,
  ): EmbeddingModelV4 => {
    switch (parsed.provider) {
      case 'offline':
        throw notConfigured(parsed, 'offline', 'it has no embedding model');
      case 'openai': {
        const provider = clientKey ? openaiFor(keyPlaceholder, clientKey) : platformOpenAI;
        if (!provider) throw notConfigured(parsed, 'openai', 'no OpenAI API key');
        return provider.embeddingModel(parsed.apiModel);
      }
      case 'anthropic':
        throw notConfigured(parsed, 'anthropic', 'it has no embedding model');
      case 'openai-compatible': {
        const endpoint = parsed.endpoint ?? '';
        const config = options.openaiCompatible?.[endpoint];
        if (!config) throw notConfigured(parsed, `openai-compatible/${endpoint}`, 'no such endpoint');
        const provider = clientKey
          ? compatibleFor(endpoint, config, keyPlaceholder, clientKey)
          : compatibleFor(endpoint, config, config.apiKey);
        return provider.embeddingModel(parsed.apiModel);
      }
    }
  };

  const resolveRerankerEndpoint = (parsed: ParsedModelId, clientKey: ClientKeySource | undefined) => {
    if (parsed.provider !== 'openai-compatible') {
      throw notConfigured(parsed, parsed.provider, 'it has no reranking model');
    }
    const endpoint = parsed.endpoint ?? '';
    const config = options.openaiCompatible?.[endpoint];
    if (!config) throw notConfigured(parsed, `openai-compatible/${endpoint}`, 'no such endpoint');
    const base = fetch ?? globalThis.fetch;
    const platformKey = config.apiKey;
    const keyed: FetchFunction = clientKey
      ? keyedFetch(clientKey, 'authorization', fetch)
      : platformKey
        ? (input, init) => {
            const headers = new Headers(init?.headers);
            headers.set('authorization', `Bearer ${platformKey}`);
            return base(input, { ...init, headers });
          }
        : base;
    return { url: `${config.baseURL.replace(/\/+$/, '')}/rerank`, fetch: keyed };
  };

  return {
    resolveReranker(modelId, resolveOptions = {}) {
      const parsed = parseModelId(modelId);
      const clientKey = parsed.provider === 'offline' ? undefined : resolveOptions.clientKey;
      return {
        ...resolveRerankerEndpoint(parsed, clientKey),
        provider: parsed.provider,
        modelId: parsed.id,
        modelName: parsed.model,
        apiModel: parsed.apiModel,
        apiKeyType: clientKey ? 'client' : 'platform',
      };
    },
    resolveEmbedding(modelId, resolveOptions = {}) {
      const parsed = parseModelId(modelId);
      const clientKey = parsed.provider === 'offline' ? undefined : resolveOptions.clientKey;
      return {
        model: resolveEmbeddingModel(parsed, clientKey),
        provider: parsed.provider,
        modelId: parsed.id,
        modelName: parsed.model,
        apiKeyType: clientKey ? 'client' : 'platform',
      };
    },
    resolve(modelId, resolveOptions = {}) {
      const parsed = parseModelId(modelId);
      const clientKey = parsed.provider === 'offline' ? undefined : resolveOptions.clientKey;
      return {
        model: clientKey ? resolveLanguageModel(parsed, clientKey) : platformModel(parsed),
        provider: parsed.provider,
        modelId: parsed.id,
        modelName: parsed.model,
        apiKeyType: clientKey ? 'client' : 'platform',
      };
    },
    listModels() {
      const list: ModelOption[] = [];
      const add = (provider: ModelProvider, model: string, label: string) =>
        list.push({ id: `${provider}/${model}`, provider, model, label, offline: provider === 'offline' });
      if (platformOpenAI) for (const entry of openaiCatalog) add('openai', entry.model, entry.label);
      if (platformAnthropic) for (const entry of anthropicCatalog) add('anthropic', entry.model, entry.label);
      for (const [name, config] of Object.entries(options.openaiCompatible ?? {})) {
        for (const model of config.models ?? []) {
          add('openai-compatible', `${name}/${model}`, `${config.label ?? name}: ${model}`);
        }
      }
      add('offline', OFFLINE_MODEL_ID, OFFLINE_MODEL_LABEL);
      return list;
    },
    defaultModel: () => defaultModelFor(options),
  };
}

/** The header a provider takes its key in. */
type KeyHeader = 'authorization' | 'x-api-key';

/** A fetch that opens the client's key for each request and sets it as the provider's auth header. */
function keyedFetch(key: ClientKeySource, header: KeyHeader, base: FetchFunction | undefined): FetchFunction {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const clear = await key();
    headers.set(header, header === 'authorization' ? `Bearer ${clear}` : clear);
    return (base ?? globalThis.fetch)(input, { ...init, headers });
  };
}
