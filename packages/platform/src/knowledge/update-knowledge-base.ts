import { AppError, type UpdateKnowledgeBase } from '@renum/contracts';
import { knowledgeBases, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertRerankable } from './create-knowledge-base.ts';
import { knowledgeBaseNotFound, loadKnowledgeBase } from './knowledge-ids.ts';
import { getKnowledgeBase } from './list-knowledge-bases.ts';
import type { Reranker } from './rerank-passages.ts';

/** Renames or re-describes a knowledge base; its documents and chunks are untouched. */
export async function updateKnowledgeBase(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    knowledgeBaseId: string;
    input: UpdateKnowledgeBase;
    reranker?: Reranker | undefined;
  },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const rerankerModel = options.input.reranker_model;
  if (rerankerModel) await assertRerankable({ clientId, rerankerModel, reranker: options.reranker });
  await withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId, { lock: true });
    const changes = {
      ...(options.input.name === undefined ? {} : { name: options.input.name }),
      ...(options.input.description === undefined ? {} : { description: options.input.description }),
      ...(rerankerModel === undefined ? {} : { reranker_model: rerankerModel }),
    };
    if (Object.keys(changes).length === 0) return;
    try {
      await tx.update(knowledgeBases).set(changes).where(eq(knowledgeBases.id, base.id));
    } catch (error) {
      if (
        String((error as Error).message + String((error as Error).cause)).includes(
          'knowledge_bases_client_id_name_key',
        )
      ) {
        throw new AppError('CONFLICT', 'A knowledge base with this name already exists', {
          context: { field: 'name' },
          cause: error,
        });
      }
      throw error;
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'knowledge_base.update',
        targetType: 'knowledge_base',
        targetId: base.id,
        clientId,
        data: changes,
      },
    });
  });
  return getKnowledgeBase(deps, options);
}

/** Deletes a knowledge base with its documents, chunks and attachments (cascade). */
export async function deleteKnowledgeBase(
  deps: PlatformDeps,
  options: { principal: Principal; knowledgeBaseId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  await withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const deleted = await tx
      .delete(knowledgeBases)
      .where(eq(knowledgeBases.id, base.id))
      .returning({ id: knowledgeBases.id });
    if (deleted.length === 0) throw knowledgeBaseNotFound(options.knowledgeBaseId);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'knowledge_base.delete',
        targetType: 'knowledge_base',
        targetId: base.id,
        clientId,
        data: { name: base.name },
      },
    });
  });
}
