import { AppError, type CreateKnowledgeBase } from '@renum/contracts';
import { knowledgeBases, withClient } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { knowledgeBaseToWire } from './knowledge-wire.ts';

/** Creates a knowledge base of the caller's client; names are unique per client (`409 CONFLICT`). */
export async function createKnowledgeBase(
  deps: PlatformDeps,
  options: { principal: Principal; input: CreateKnowledgeBase },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
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
        // No embedding provider is wired yet: every base is lexical-only (BM25) and says so.
        embedding_model: null,
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
        data: { name: row.name },
      },
    });
    return knowledgeBaseToWire(row, 0);
  });
}
