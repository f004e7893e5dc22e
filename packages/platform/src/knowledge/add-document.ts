import { createHash } from 'node:crypto';
import { AppError } from '@renum/contracts';
import { documents, type Transaction, withClient } from '@renum/db';
import { DocumentParseError, documentMimeTypes, sniffDocumentFormat } from '@renum/rag';
import { and, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { documentColumns } from './document-columns.ts';
import { parseFailure } from './document-failure.ts';
import { defaultMaxDocumentBytes, type KnowledgeDeps } from './knowledge-deps.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';
import { knowledgeIngestJob } from './knowledge-jobs.ts';
import { documentToWire } from './knowledge-wire.ts';

/** A new source: file bytes, a text, or a URL fetched by the ingestion job. */
export type DocumentSource =
  | { kind: 'file'; bytes: Uint8Array; fileName: string; title?: string | undefined }
  | { kind: 'text'; text: string; title: string }
  | { kind: 'url'; url: string; title?: string | undefined };

/**
 * Adds a source to a knowledge base and enqueues its ingestion in the same transaction. The same content
 * (or URL) twice is a no-op answering the first document (`created: false`), also when two uploads race:
 * the unique (knowledge base, checksum) index decides. A file whose content no parser reads is stored
 * failed with the reason, and nothing is enqueued.
 */
export async function addDocument(
  deps: PlatformDeps,
  knowledge: KnowledgeDeps,
  options: { principal: Principal; knowledgeBaseId: string; source: DocumentSource },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const prepared = await prepareSource(options.source, knowledge.maxDocumentBytes ?? defaultMaxDocumentBytes);
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const [row] = await tx
      .insert(documents)
      .values({ id: deps.newId(), client_id: clientId, knowledge_base_id: base.id, ...prepared })
      .onConflictDoNothing({ target: [documents.knowledge_base_id, documents.checksum] })
      .returning(documentColumns);
    if (!row) return { document: await existing(tx, base.id, prepared.checksum), created: false };
    if (row.status === 'queued')
      await enqueueIngestion(tx, knowledge, { clientId, documentId: row.id, version: 1 });
    return { document: documentToWire(row), created: true };
  });
}

/** Enqueues the ingestion of one version of a document, once per version. */
export async function enqueueIngestion(
  tx: Transaction,
  knowledge: KnowledgeDeps,
  options: { clientId: string; documentId: string; version: number },
) {
  await knowledge.jobs.enqueue(
    tx,
    knowledgeIngestJob,
    { client_id: options.clientId, document_id: options.documentId, version: options.version },
    {
      clientId: options.clientId,
      idempotencyKey: `knowledge.ingest:${options.documentId}:${options.version}`,
    },
  );
}

async function existing(tx: Transaction, knowledgeBaseId: string, checksum: string) {
  const [row] = await tx
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.knowledge_base_id, knowledgeBaseId), eq(documents.checksum, checksum)));
  if (!row) throw new AppError('CONFLICT', 'The document changed while it was added; try again');
  return documentToWire(row);
}

/** The row values of a source: sniffed type, size and checksum of its bytes (of its URL, for a URL). */
export async function prepareSource(source: DocumentSource, maxBytes: number) {
  if (source.kind === 'url') {
    return {
      kind: 'url' as const,
      title: source.title ?? source.url.slice(0, 300),
      source_url: source.url,
      checksum: sha256(`url:${source.url}`),
      status: 'queued' as const,
    };
  }
  const bytes = source.kind === 'file' ? source.bytes : new TextEncoder().encode(source.text);
  if (bytes.length > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The document is larger than ${maxBytes} bytes`, {
      context: { limit_bytes: maxBytes },
    });
  }
  const fileName = source.kind === 'file' ? source.fileName.slice(0, 300) : null;
  const sniffed = await sniff(bytes, fileName);
  return {
    kind: source.kind,
    title: (source.title ?? fileName ?? 'Untitled').slice(0, 300),
    file_name: fileName,
    mime_type: sniffed.mimeType,
    size_bytes: bytes.length,
    checksum: sha256(bytes),
    content: bytes,
    status: sniffed.failure ? ('failed' as const) : ('queued' as const),
    error: sniffed.failure?.message ?? null,
    error_code: sniffed.failure?.code ?? null,
  };
}

async function sniff(bytes: Uint8Array, fileName: string | null) {
  try {
    return { mimeType: documentMimeTypes[await sniffDocumentFormat({ bytes, fileName })], failure: null };
  } catch (error) {
    if (!DocumentParseError.isInstance(error)) throw error;
    return { mimeType: null, failure: parseFailure(error) };
  }
}

function sha256(value: Uint8Array | string): string {
  return createHash('sha256').update(value).digest('hex');
}
