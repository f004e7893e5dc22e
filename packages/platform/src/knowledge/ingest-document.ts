import { documentChunks, documents, knowledgeBases, withClient } from '@renum/db';
import {
  chunkDocument,
  type DocumentChunk,
  DocumentParseError,
  documentMimeTypes,
  parseDocument,
  sniffDocumentFormat,
} from '@renum/rag';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { indexChunks } from './index-chunks.ts';
import { defaultMaxDocumentBytes, type KnowledgeDeps } from './knowledge-deps.ts';

/** Options of {@link ingestDocument}. */
export interface IngestOptions {
  clientId: string;
  documentId: string;
  version: number;
  signal: AbortSignal;
  /** Chunks written per transaction (and per progress update). @defaultValue 64 */
  batchSize?: number | undefined;
}

/**
 * The `knowledge.ingest` job's work for one document version: read its bytes (fetching a URL once),
 * sniff, parse and chunk them, then index the chunks batch by batch, each batch with the document's
 * progress in one transaction. A new attempt (after a crash or a lost lease) starts after the last
 * stored chunk. At the end the version's chunks replace the previous version's, in one transaction. A
 * document that cannot be read is marked failed with the reason. A job for a version that is no longer the
 * document's (it was replaced meanwhile) does nothing.
 */
export async function ingestDocument(deps: PlatformDeps, knowledge: KnowledgeDeps, options: IngestOptions) {
  const start = await begin(deps, options);
  if (!start) return;
  let chunks: DocumentChunk[];
  try {
    const bytes =
      start.document.content ?? (await fetchUrl(deps, knowledge, options, start.document.source_url));
    const format = await sniffDocumentFormat({
      bytes,
      fileName: start.document.file_name ?? start.document.source_url,
    });
    const parsed = await parseDocument({ bytes, format });
    chunks = chunkDocument(parsed, {
      targetTokens: start.base.chunk_target_tokens,
      overlapTokens: start.base.chunk_overlap_tokens,
    });
  } catch (error) {
    if (!DocumentParseError.isInstance(error) && !isFetchFailure(error)) throw error;
    await markFailed(deps, options, (error as Error).message);
    return;
  }
  await indexInBatches(deps, options, { chunks, base: start.base, done: start.done });
  await finish(deps, options, chunks.length);
}

async function begin(deps: PlatformDeps, options: IngestOptions) {
  return withClient(deps.db, options.clientId, async (tx) => {
    const [row] = await tx
      .select({ document: documents, base: knowledgeBases })
      .from(documents)
      .innerJoin(knowledgeBases, eq(knowledgeBases.id, documents.knowledge_base_id))
      .where(eq(documents.id, options.documentId))
      .for('update', { of: documents });
    if (!row || row.document.version !== options.version) return null;
    if (row.document.status === 'failed' || row.document.indexed_version === options.version) return null;
    const [stored] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(documentChunks)
      .where(
        and(
          eq(documentChunks.document_id, options.documentId),
          eq(documentChunks.document_version, options.version),
        ),
      );
    await tx
      .update(documents)
      .set({ status: 'processing', error: null })
      .where(eq(documents.id, options.documentId));
    return { document: row.document, base: row.base, done: stored?.n ?? 0 };
  });
}

async function fetchUrl(
  deps: PlatformDeps,
  knowledge: KnowledgeDeps,
  options: IngestOptions,
  url: string | null,
): Promise<Uint8Array> {
  if (!url || !knowledge.fetchSource) {
    throw new DocumentParseError('unsupported', 'Web pages cannot be fetched in this deployment');
  }
  const fetched = await knowledge.fetchSource(url, {
    signal: options.signal,
    maxBytes: knowledge.maxDocumentBytes ?? defaultMaxDocumentBytes,
  });
  // Kept, so a resumed attempt reads the same page instead of fetching it again.
  await withClient(deps.db, options.clientId, async (tx) => {
    const format = await sniffOrNull(fetched.bytes, url);
    await tx
      .update(documents)
      .set({
        content: fetched.bytes,
        size_bytes: fetched.bytes.length,
        mime_type: format ? documentMimeTypes[format] : fetched.contentType,
      })
      .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version)));
  });
  return fetched.bytes;
}

async function indexInBatches(
  deps: PlatformDeps,
  options: IngestOptions,
  input: { chunks: DocumentChunk[]; base: typeof knowledgeBases.$inferSelect; done: number },
) {
  const batchSize = options.batchSize ?? 64;
  const total = input.chunks.length;
  await withClient(deps.db, options.clientId, (tx) =>
    tx
      .update(documents)
      .set({ chunks_total: total, chunks_done: input.done })
      .where(eq(documents.id, options.documentId)),
  );
  for (let done = input.done; done < total; done += batchSize) {
    options.signal.throwIfAborted();
    const batch = input.chunks.slice(done, done + batchSize);
    const reached = Math.min(total, done + batchSize);
    await withClient(deps.db, options.clientId, async (tx) => {
      await indexChunks(tx, {
        clientId: options.clientId,
        knowledgeBaseId: input.base.id,
        documentId: options.documentId,
        version: options.version,
        language: input.base.language,
        chunks: batch,
        newId: deps.newId,
      });
      await tx
        .update(documents)
        .set({ chunks_done: reached, progress: Math.min(99, Math.floor((reached / total) * 100)) })
        .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version)));
    });
  }
}

async function finish(deps: PlatformDeps, options: IngestOptions, total: number) {
  await withClient(deps.db, options.clientId, async (tx) => {
    const updated = await tx
      .update(documents)
      .set({
        status: 'ready',
        indexed_version: options.version,
        progress: 100,
        chunks_done: total,
        chunks_total: total,
        error: null,
        indexed_at: deps.clock(),
      })
      .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version)))
      .returning({ id: documents.id });
    if (updated.length === 0) return;
    await tx
      .delete(documentChunks)
      .where(
        and(
          eq(documentChunks.document_id, options.documentId),
          ne(documentChunks.document_version, options.version),
        ),
      );
  });
}

async function markFailed(deps: PlatformDeps, options: IngestOptions, message: string) {
  await withClient(deps.db, options.clientId, (tx) =>
    tx
      .update(documents)
      .set({ status: 'failed', error: message.slice(0, 2000), progress: 0 })
      .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version))),
  );
}

/** The sniffed MIME type's format, or null when no parser reads it (parsing reports why, next). */
async function sniffOrNull(bytes: Uint8Array, fileName: string) {
  try {
    return await sniffDocumentFormat({ bytes, fileName });
  } catch (error) {
    if (DocumentParseError.isInstance(error)) return null;
    throw error;
  }
}

/** A page that could not be fetched (refused by the egress guard, an HTTP error): not worth retrying. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'EgressBlockedError' || error.name === 'SourceFetchError');
}
