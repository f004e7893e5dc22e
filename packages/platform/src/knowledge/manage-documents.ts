import { AppError } from '@renum/contracts';
import { documents, withClient } from '@renum/db';
import { desc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient, requireRole } from '../principal.ts';
import { type DocumentSource, enqueueIngestion, prepareSource } from './add-document.ts';
import { documentColumns } from './document-columns.ts';
import { defaultMaxDocumentBytes, type KnowledgeDeps } from './knowledge-deps.ts';
import { loadDocument, loadKnowledgeBase } from './knowledge-ids.ts';
import { documentToWire } from './knowledge-wire.ts';

interface DocumentTarget {
  principal: Principal;
  knowledgeBaseId: string;
  documentId: string;
}

/** The documents of a knowledge base, newest first (at most 500), with status and progress. */
export async function listDocuments(
  deps: PlatformDeps,
  options: { principal: Principal; knowledgeBaseId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const rows = await tx
      .select(documentColumns)
      .from(documents)
      .where(eq(documents.knowledge_base_id, base.id))
      .orderBy(desc(documents.created_at), desc(documents.id))
      .limit(500);
    return { data: rows.map(documentToWire), next_cursor: null };
  });
}

/** One document with its ingestion status, or `404 DOCUMENT_NOT_FOUND`. */
export async function getDocument(deps: PlatformDeps, options: DocumentTarget) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    return documentToWire(
      await loadDocument(tx, { knowledgeBaseId: base.id, documentId: options.documentId }),
    );
  });
}

/** Deletes a document with its chunks and their index rows (cascade). */
export async function deleteDocument(deps: PlatformDeps, options: DocumentTarget) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  await withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const row = await loadDocument(tx, { knowledgeBaseId: base.id, documentId: options.documentId });
    await tx.delete(documents).where(eq(documents.id, row.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'document.delete',
        targetType: 'document',
        targetId: row.id,
        clientId,
        data: { title: row.title },
      },
    });
  });
}

/**
 * Ingests a document again (a new version; its current chunks stay searchable until the new ones are
 * ready), optionally from new content: a replacement. A replacement identical to another document of the
 * base is `409 CONFLICT`.
 */
export async function reingestDocument(
  deps: PlatformDeps,
  knowledge: KnowledgeDeps,
  options: DocumentTarget & { source?: DocumentSource | undefined },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const replacement = options.source
    ? await prepareSource(options.source, knowledge.maxDocumentBytes ?? defaultMaxDocumentBytes)
    : null;
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const row = await loadDocument(tx, {
      knowledgeBaseId: base.id,
      documentId: options.documentId,
      lock: true,
    });
    const version = row.version + 1;
    const failed = replacement?.status === 'failed';
    const [updated] = await conflictAsAppError(() =>
      tx
        .update(documents)
        .set({
          ...(replacement ?? {}),
          // A URL is fetched again: its old page is not kept as the new version's content.
          ...(row.kind === 'url' && !replacement ? { content: null } : {}),
          version,
          status: failed ? 'failed' : 'queued',
          ...(failed ? {} : { error: null, error_code: null }),
          progress: 0,
          chunks_done: 0,
          chunks_total: null,
        })
        .where(eq(documents.id, row.id))
        .returning(documentColumns),
    );
    if (!updated) throw new Error('document vanished under its lock');
    if (!failed) await enqueueIngestion(tx, knowledge, { clientId, documentId: row.id, version });
    return documentToWire(updated);
  });
}

/** A replacement identical to another document of the base: `409 CONFLICT`, not a 500. */
async function conflictAsAppError<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const constraint = 'documents_knowledge_base_id_checksum_key';
    for (let current: unknown = error; current instanceof Error; current = current.cause) {
      if (
        (current as { constraint?: unknown }).constraint === constraint ||
        current.message.includes(constraint)
      ) {
        throw new AppError('CONFLICT', 'Another document of this knowledge base has the same content', {
          cause: error,
        });
      }
    }
    throw error;
  }
}
