import { AppError } from '@renum/contracts';
import { type Transaction, usageLogs } from '@renum/db';
import type { ApiKeyType, ModelRegistry } from '@renum/runtime';
import { z } from 'zod';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { clientModelKey } from '../runs/client-model-key.ts';
import { type RetrievalCandidates, rerankDocuments } from './retrieve-chunks.ts';

/** What one rerank call answered and cost. */
export interface RerankResult {
  /** Relevance of each document asked about, by its index in the request, best first. */
  scores: Array<{ index: number; score: number }>;
  provider: string;
  modelId: string;
  modelName: string;
  apiKeyType: ApiKeyType;
  /** Tokens the endpoint reported (Jina, vLLM), else null. */
  tokens: number | null;
  /** Search units the endpoint billed (Cohere), else null. */
  searchUnits: number | null;
  latencyMs: number;
}

/** Reorders passages for a query with a knowledge base's reranker (ADR 0054). */
export interface Reranker {
  rerank(options: {
    clientId: string;
    modelId: string;
    query: string;
    documents: readonly string[];
    signal?: AbortSignal | undefined;
  }): Promise<RerankResult>;
  /** Throws `MODEL_NOT_CONFIGURED` when the reranker cannot be called in this deployment. */
  assertUsable(options: { clientId: string; modelId: string }): Promise<void>;
}

/** Cohere's (`meta.billed_units`) and Jina's (`usage`) answers; unknown fields are ignored. */
const answerSchema = z.object({
  results: z
    .array(z.object({ index: z.number().int().min(0), relevance_score: z.number().finite() }))
    .max(1000),
  usage: z.object({ total_tokens: z.number().optional() }).optional(),
  meta: z.object({ billed_units: z.object({ search_units: z.number().optional() }).optional() }).optional(),
});

/** A reranker's answer that could not be used (an HTTP error, a malformed body, a timeout). */
export class RerankError extends Error {
  override readonly name = 'RerankError';
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** Timeout of one attempt; the retrieval waits at most two of them before keeping the fused order. */
const attemptTimeoutMs = 10_000;

/**
 * The reranker on the model registry: `POST {endpoint}/rerank` with `{ model, query, documents, top_n }`
 * (the Cohere/Jina wire format), the client's own key when it stored one for the provider (ADR 0030),
 * one retry after a network error, a 429 or a 5xx.
 */
export function createReranker(deps: PlatformDeps, models: ModelRegistry): Reranker {
  return {
    async rerank(options) {
      const clientKey = await clientModelKey(deps, { clientId: options.clientId, model: options.modelId });
      const resolved = models.resolveReranker(options.modelId, clientKey ? { clientKey } : {});
      const started = performance.now();
      const body = JSON.stringify({
        model: resolved.apiModel,
        query: options.query,
        documents: options.documents,
        top_n: options.documents.length,
      });
      let answer: z.infer<typeof answerSchema> | undefined;
      for (let attempt = 1; !answer; attempt++) {
        try {
          answer = await callOnce(resolved, body, options.signal);
        } catch (error) {
          if (attempt >= 2 || !(error instanceof RerankError) || !error.retryable) throw error;
        }
      }
      const scores = answer.results
        .filter((result) => result.index < options.documents.length)
        .map((result) => ({ index: result.index, score: result.relevance_score }))
        .sort((a, b) => b.score - a.score);
      if (scores.length !== answer.results.length) {
        throw new RerankError('The reranker answered an index outside the documents sent', {
          retryable: false,
        });
      }
      return {
        scores,
        provider: resolved.provider,
        modelId: resolved.modelId,
        modelName: resolved.modelName,
        apiKeyType: resolved.apiKeyType,
        tokens: answer.usage?.total_tokens ?? null,
        searchUnits: answer.meta?.billed_units?.search_units ?? null,
        latencyMs: performance.now() - started,
      };
    },
    async assertUsable(options) {
      try {
        models.resolveReranker(options.modelId);
      } catch (error) {
        if (!AppError.isInstance(error)) throw error;
        const clientKey = await clientModelKey(deps, {
          clientId: options.clientId,
          model: options.modelId,
          recordUse: false,
        });
        if (!clientKey) throw error;
        models.resolveReranker(options.modelId, { clientKey });
      }
    },
  };
}

async function callOnce(
  resolved: ReturnType<ModelRegistry['resolveReranker']>,
  body: string,
  signal: AbortSignal | undefined,
) {
  const timeout = AbortSignal.timeout(attemptTimeoutMs);
  let response: Response;
  try {
    response = await resolved.fetch(resolved.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new RerankError(`The reranker could not be reached: ${(error as Error).message}`, {
      retryable: true,
      cause: error,
    });
  }
  if (!response.ok) {
    // The body only details the error thrown below; one that cannot be read says so in it.
    const text = (
      await response.text().catch((error: unknown) => `(body unreadable: ${(error as Error).message})`)
    ).slice(0, 300);
    throw new RerankError(`The reranker answered HTTP ${response.status}: ${text}`, {
      retryable: response.status === 429 || response.status >= 500,
    });
  }
  let answer: unknown;
  try {
    answer = await response.json();
  } catch (error) {
    throw new RerankError('The reranker answered a body that is not JSON', {
      retryable: false,
      cause: error,
    });
  }
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) {
    throw new RerankError('The reranker answered a body without results', {
      retryable: false,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Writes a rerank call to the usage ledger (kind `rerank`), with the knowledge base it served. */
export async function meterRerank(
  tx: Transaction,
  options: { id: string; clientId: string; knowledgeBaseId: string; result: RerankResult; documents: number },
) {
  const { result } = options;
  await tx.insert(usageLogs).values({
    id: options.id,
    client_id: options.clientId,
    kind: 'rerank',
    model_provider: result.provider,
    model_name: result.modelName,
    api_key_type: result.apiKeyType,
    tokens_input: result.tokens ?? 0,
    units: String(result.searchUnits ?? 1),
    // No bundled price for rerankers: self-hosted endpoints cost nothing per call here.
    cost_usd: '0',
    latency_ms: Math.round(result.latencyMs),
    request_data: { purpose: 'query', documents: options.documents },
    knowledge_base_id: options.knowledgeBaseId,
  });
}

/**
 * The rerank step of a retrieval, outside any transaction (a network call): sends the fused candidates'
 * passages to the reranker and answers their scores by chunk id. A failed call is logged with its cause
 * and counted (`knowledge.rerank`), and answers null: the fused order stands.
 */
export async function rerankCandidates(
  deps: Pick<PlatformDeps, 'logger' | 'failures'>,
  reranker: Reranker | undefined,
  options: {
    clientId: string;
    modelId: string | null;
    query: string;
    candidates: RetrievalCandidates;
    signal?: AbortSignal | undefined;
  },
): Promise<{ scores: Map<string, number>; result: RerankResult } | null> {
  if (!reranker || !options.modelId) return null;
  const { ids, texts } = rerankDocuments(options.candidates);
  if (ids.length === 0) return null;
  try {
    const result = await reranker.rerank({
      clientId: options.clientId,
      modelId: options.modelId,
      query: options.query,
      documents: texts,
      signal: options.signal,
    });
    const scores = new Map<string, number>();
    for (const entry of result.scores) {
      const id = ids[entry.index];
      if (id !== undefined) scores.set(id, entry.score);
    }
    return { scores, result };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    reportFailure(deps, 'knowledge.rerank', error, {
      client_id: options.clientId,
      model: options.modelId,
    });
    return null;
  }
}
