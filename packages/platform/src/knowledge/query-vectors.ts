import type { Transaction } from '@renum/db';
import type { Embedder, EmbedResult } from './embed-texts.ts';
import { meterEmbedding } from './embed-texts.ts';

/** A query embedded with one model, for the bases embedded by it. */
export interface QueryVector {
  modelId: string;
  knowledgeBaseIds: string[];
  vector: number[];
  result: EmbedResult;
}

/**
 * Embeds a query once per embedding model among the bases (outside any transaction: it is a network
 * call). Bases without a model, or no embedder in this deployment, add nothing: lexical only.
 */
export async function embedQuery(
  embedder: Embedder | undefined,
  options: {
    clientId: string;
    query: string;
    bases: ReadonlyArray<{ id: string; embeddingModel: string | null }>;
    signal?: AbortSignal | undefined;
  },
): Promise<QueryVector[]> {
  if (!embedder) return [];
  const byModel = new Map<string, string[]>();
  for (const base of options.bases) {
    if (!base.embeddingModel) continue;
    byModel.set(base.embeddingModel, [...(byModel.get(base.embeddingModel) ?? []), base.id]);
  }
  const vectors: QueryVector[] = [];
  for (const [modelId, knowledgeBaseIds] of byModel) {
    const result = await embedder.embed({
      clientId: options.clientId,
      modelId,
      texts: [options.query],
      signal: options.signal,
    });
    const vector = result.vectors[0];
    if (vector) vectors.push({ modelId, knowledgeBaseIds, vector, result });
  }
  return vectors;
}

/** Meters each query embedding against the first base it was made for. */
export async function meterQueryVectors(
  tx: Transaction,
  options: { clientId: string; newId: () => string; vectors: readonly QueryVector[] },
) {
  for (const entry of options.vectors) {
    await meterEmbedding(tx, {
      id: options.newId(),
      clientId: options.clientId,
      knowledgeBaseId: entry.knowledgeBaseIds[0] ?? '',
      documentId: null,
      purpose: 'query',
      result: entry.result,
      inputs: 1,
    });
  }
}
