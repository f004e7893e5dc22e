import { AppError, type CreateKnowledgeBase } from '@renum/contracts';
import { knowledgeBases, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import type { Embedder } from './embed-texts.ts';
import { knowledgeBaseToWire } from './knowledge-wire.ts';
import type { Reranker } from './rerank-passages.ts';
import { hasVectorSupport } from './vector-search.ts';

/**
 * Creates a knowledge base of the caller's client; names are unique per client (`409 CONFLICT`). With an
 * embedding model, the model must be callable (`400 MODEL_NOT_CONFIGURED`) and the database must have
 * pgvector (`400 VALIDATION_ERROR`); without one the base is lexical-only and says so.
 */
export async function createKnowledgeBase(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    input: CreateKnowledgeBase;
    embedder?: Embedder | undefined;
    reranker?: Reranker | undefined;
  },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  const embeddingModel = input.embedding_model ?? null;
  if (embeddingModel) await assertEmbeddable(deps, { ...options, clientId, embeddingModel });
  const rerankerModel = input.reranker_model ?? null;
  if (rerankerModel) await assertRerankable({ ...options, clientId, rerankerModel });
  return withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .insert(knowledgeBases)
      .values({
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        owner_id: options.principal.userId,
        language: input.language,
        embedding_model: embeddingModel,
        reranker_model: rerankerModel,
        chunk_target_tokens: input.chunk_target_tokens,
        chunk_overlap_tokens: input.chunk_overlap_tokens,
      })
      .onConflictDoNothing({ target: [knowledgeBases.client_id, knowledgeBases.name] })
      .returning();
    if (!row) {
      throw new AppError('CONFLICT', 'A knowledge base with this name already exists', {
        context: { field: 'name', name: input.name },
      });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'knowledge_base.create',
        targetType: 'knowledge_base',
        targetId: row.id,
        clientId,
        data: { name: row.name, reranker_model: rerankerModel },
      },
    });
    return knowledgeBaseToWire(row, 0);
  });
}

async function assertEmbeddable(
  deps: PlatformDeps,
  options: { clientId: string; embeddingModel: string; embedder?: Embedder | undefined },
) {
  if (!(await hasVectorSupport(deps.db))) {
    throw new AppError(
      'VALIDATION_ERROR',
      'This database has no pgvector extension: knowledge bases here are lexical-only (leave embedding_model empty)',
      { context: { field: 'embedding_model' } },
    );
  }
  if (!options.embedder) {
    throw new AppError('MODEL_NOT_CONFIGURED', 'No embedding provider is configured in this deployment', {
      context: { model: options.embeddingModel },
    });
  }
  await options.embedder.assertUsable({ clientId: options.clientId, modelId: options.embeddingModel });
}

/** Refuses a reranker this deployment cannot call (`400 MODEL_NOT_CONFIGURED`), before anything is stored. */
export async function assertRerankable(options: {
  clientId: string;
  rerankerModel: string;
  reranker?: Reranker | undefined;
}) {
  if (!options.reranker) {
    throw new AppError('MODEL_NOT_CONFIGURED', 'No reranking provider is configured in this deployment', {
      context: { model: options.rerankerModel },
    });
  }
  await options.reranker.assertUsable({ clientId: options.clientId, modelId: options.rerankerModel });
}
