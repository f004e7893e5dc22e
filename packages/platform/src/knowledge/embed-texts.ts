import { type Transaction, usageLogs } from '@renum/db';
import {
  type ApiKeyType,
  bundledPriceTable,
  type ModelRegistry,
  priceOf,
  withPriceOverride,
} from '@renum/runtime';
import { embedMany } from 'ai';
import type { PlatformDeps } from '../platform-deps.ts';
import { clientModelKey } from '../runs/client-model-key.ts';
import { priceOverrideOf, readSettings } from '../settings/read-settings.ts';

/** What one embedding call gave and cost. */
export interface EmbedResult {
  vectors: number[][];
  tokens: number;
  provider: string;
  modelName: string;
  apiKeyType: ApiKeyType;
  latencyMs: number;
}

/** Embeds texts with a knowledge base's model, with the client's own key when it stored one. */
export interface Embedder {
  embed(options: {
    clientId: string;
    modelId: string;
    texts: string[];
    signal?: AbortSignal | undefined;
  }): Promise<EmbedResult>;
  /**
   * Throws `MODEL_NOT_CONFIGURED` when the model cannot be called (no platform key nor a client key for
   * its provider, or a provider without embeddings). Nothing is decrypted.
   */
  assertUsable(options: { clientId: string; modelId: string }): Promise<void>;
}

/**
 * The embedder on the model registry: `embedMany` from the AI SDK (it splits a batch at the provider's
 * per-call limit and retries a failed call), with bring-your-own-key as for chat (ADR 0030).
 */
export function createEmbedder(deps: PlatformDeps, models: ModelRegistry): Embedder {
  return {
    async embed(options) {
      const clientKey = await clientModelKey(deps, { clientId: options.clientId, model: options.modelId });
      const resolved = models.resolveEmbedding(options.modelId, clientKey ? { clientKey } : {});
      const started = performance.now();
      const result = await embedMany({
        model: resolved.model,
        values: options.texts,
        maxRetries: 3,
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
      return {
        vectors: result.embeddings,
        tokens: result.usage.tokens,
        provider: resolved.provider,
        modelName: resolved.modelName,
        apiKeyType: resolved.apiKeyType,
        latencyMs: performance.now() - started,
      };
    },
    async assertUsable(options) {
      try {
        models.resolveEmbedding(options.modelId);
      } catch (error) {
        const clientKey = await clientModelKey(deps, {
          clientId: options.clientId,
          model: options.modelId,
          recordUse: false,
        });
        if (!clientKey) throw error;
        models.resolveEmbedding(options.modelId, { clientKey });
      }
    },
  };
}

/**
 * Writes an embedding call to the usage ledger (kind `embedding`), priced from the bundled table and the
 * platform settings' price overrides, with the
 * knowledge base and document it was made for (the knowledge-base usage report sums these).
 */
export async function meterEmbedding(
  tx: Transaction,
  options: {
    id: string;
    clientId: string;
    knowledgeBaseId: string;
    documentId: string | null;
    purpose: 'ingestion' | 'query';
    result: EmbedResult;
    inputs: number;
  },
) {
  const { result } = options;
  // Priced with the platform settings' overrides in force, like a run's model calls (ADR 0050).
  const quote = priceOf({
    table: withPriceOverride(bundledPriceTable, priceOverrideOf(await readSettings(tx))),
    provider: result.provider,
    model: result.modelName,
    inputTokens: result.tokens,
    outputTokens: 0,
  });
  await tx.insert(usageLogs).values({
    id: options.id,
    client_id: options.clientId,
    kind: 'embedding',
    model_provider: result.provider,
    model_name: result.modelName,
    api_key_type: result.apiKeyType,
    tokens_input: result.tokens,
    units: String(options.inputs),
    cost_usd: quote.costUsdText,
    price_version: quote.version,
    latency_ms: Math.round(result.latencyMs),
    request_data: { purpose: options.purpose, inputs: options.inputs },
    knowledge_base_id: options.knowledgeBaseId,
    document_id: options.documentId,
  });
}
