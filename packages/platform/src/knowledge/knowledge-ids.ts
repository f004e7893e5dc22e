import { AppError, isUuid } from '@renum/contracts';
import { documents, knowledgeBases, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/** Not found, for a knowledge base that does not exist or belongs to another client (never 403). */
export function knowledgeBaseNotFound(id: string): AppError {
  return new AppError('KNOWLEDGE_BASE_NOT_FOUND', 'Knowledge base not found', {
    context: { knowledge_base_id: id },
  });
}

/** Not found, for a document that does not exist, is another base's or another client's. */
export function documentNotFound(id: string): AppError {
  return new AppError('DOCUMENT_NOT_FOUND', 'Document not found', { context: { document_id: id } });
}

/** Loads a knowledge base visible in the transaction's client scope, or throws not found. */
export async function loadKnowledgeBase(tx: Transaction, id: string, options: { lock?: boolean } = {}) {
  if (!isUuid(id)) throw knowledgeBaseNotFound(id);
  const query = tx.select().from(knowledgeBases).where(eq(knowledgeBases.id, id.toLowerCase()));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw knowledgeBaseNotFound(id);
  return row;
}

/** Loads a document of a knowledge base in the client's scope, or throws not found. */
export async function loadDocument(
  tx: Transaction,
  options: { knowledgeBaseId: string; documentId: string; lock?: boolean },
) {
  if (!isUuid(options.documentId)) throw documentNotFound(options.documentId);
  const query = tx
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.id, options.documentId.toLowerCase()),
        eq(documents.knowledge_base_id, options.knowledgeBaseId),
      ),
    );
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw documentNotFound(options.documentId);
  return row;
}
