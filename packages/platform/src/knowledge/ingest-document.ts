import { AppError } from '@renum/contracts';
import { documentChunks, documents, knowledgeBases, usageLogs, withClient } from '@renum/db';
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
import { type DocumentFailure, embeddingFailure, readFailure } from './document-failure.ts';
import { type EmbedResult, meterEmbedding } from './embed-texts.ts';
import { embeddingText, indexChunks } from './index-chunks.ts';
import { defaultMaxDocumentBytes, type KnowledgeDeps, type KnowledgeProgress } from './knowledge-deps.ts';
import { SourceFetchError } from './source-fetch-error.ts';

/** What a progress report says beyond which document it is about. */
type ProgressState = Pick<
  KnowledgeProgress,
  'status' | 'progress' | 'chunksDone' | 'chunksTotal' | 'error' | 'errorCode'
>;

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
  const tell = (state: ProgressState) =>
    knowledge.onProgress?.({
      clientId: options.clientId,
      knowledgeBaseId: start.base.id,
      documentId: options.documentId,
      version: options.version,
      ...state,
    });
  tell({
    status: 'processing',
    progress: start.document.progress,
    chunksDone: start.done,
    chunksTotal: start.document.chunks_total,
    error: null,
  });
  let chunks: DocumentChunk[];
  let pageTitle: string | null = null;
  try {
    const bytes =
      start.document.content ??
      (await fetchUrl(deps, knowledge, options, {
        url: start.document.source_url,
        knowledgeBaseId: start.base.id,
      }));
    const format = await sniffDocumentFormat({
      bytes,
      fileName: start.document.file_name ?? start.document.source_url,
    });
    const parsed = await parseDocument({ bytes, format });
    pageTitle = untitledPage(start.document) ? parsed.title : null;
    chunks = chunkDocument(parsed, {
      targetTokens: start.base.chunk_target_tokens,
      overlapTokens: start.base.chunk_overlap_tokens,
    });
  } catch (error) {
    const failure = readFailure(error);
    if (failure === null) throw error;
    tell(await markFailed(deps, options, failure));
    return;
  }
  try {
    await indexInBatches(deps, knowledge, options, { chunks, base: start.base, done: start.done, tell });
  } catch (error) {
    const failure = embeddingFailure(error);
    if (failure === null) throw error;
    tell(await markFailed(deps, options, failure));
    return;
  }
  if (await finish(deps, options, chunks.length, pageTitle)) {
    tell({
      status: 'ready',
      progress: 100,
      chunksDone: chunks.length,
      chunksTotal: chunks.length,
      error: null,
    });
  }
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
      .set({ status: 'processing', error: null, error_code: null })
      .where(eq(documents.id, options.documentId));
    return { document: row.document, base: row.base, done: stored?.n ?? 0 };
  });
}

async function fetchUrl(
  deps: PlatformDeps,
  knowledge: KnowledgeDeps,
  options: IngestOptions,
  { url, knowledgeBaseId }: { url: string | null; knowledgeBaseId: string },
): Promise<Uint8Array> {
  if (!url || !knowledge.fetchSource) {
    throw new SourceFetchError('fetch_unavailable', 'Web pages cannot be fetched in this deployment');
  }
  const fetched = await knowledge.fetchSource(url, {
    signal: options.signal,
    maxBytes: knowledge.maxDocumentBytes ?? defaultMaxDocumentBytes,
    clientId: options.clientId,
  });
  // Kept, so a resumed attempt reads the same page instead of fetching it again; metered with it.
  await withClient(deps.db, options.clientId, async (tx) => {
    await tx.insert(usageLogs).values({
      id: deps.newId(),
      client_id: options.clientId,
      kind: 'tool',
      tool_name: fetched.via === 'firecrawl' ? 'firecrawl.scrape' : 'knowledge.fetch_url',
      api_key_type: fetched.apiKeyType,
      units: '1',
      cost_usd: fetched.costUsd.toFixed(8),
      latency_ms: Math.round(fetched.latencyMs),
      request_data: { url: url.slice(0, 2048) },
      response_data: { bytes: fetched.bytes.length, content_type: fetched.contentType },
      knowledge_base_id: knowledgeBaseId,
      document_id: options.documentId,
    });
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
  knowledge: KnowledgeDeps,
  options: IngestOptions,
  input: {
    chunks: DocumentChunk[];
    base: typeof knowledgeBases.$inferSelect;
    done: number;
    tell: (state: ProgressState) => void;
  },
) {
  const batchSize = options.batchSize ?? 64;
  const total = input.chunks.length;
  await withClient(deps.db, options.clientId, (tx) =>
    tx
      .update(documents)
      .set({ chunks_total: total, chunks_done: input.done })
      .where(eq(documents.id, options.documentId)),
  );
  const percent = (reached: number) => (total === 0 ? 0 : Math.min(99, Math.floor((reached / total) * 100)));
  input.tell({
    status: 'processing',
    progress: percent(input.done),
    chunksDone: input.done,
    chunksTotal: total,
    error: null,
  });
  for (let done = input.done; done < total; done += batchSize) {
    options.signal.throwIfAborted();
    const batch = input.chunks.slice(done, done + batchSize);
    const reached = Math.min(total, done + batchSize);
    // Embedded before the batch's transaction (a network call), and stored with the chunks in it.
    const embedded = await embedBatch(knowledge, options, input.base.embedding_model, batch);
    await withClient(deps.db, options.clientId, async (tx) => {
      if (embedded) {
        await meterEmbedding(tx, {
          id: deps.newId(),
          clientId: options.clientId,
          knowledgeBaseId: input.base.id,
          documentId: options.documentId,
          purpose: 'ingestion',
          result: embedded,
          inputs: batch.length,
        });
      }
      await indexChunks(tx, {
        embeddings: embedded?.vectors,
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
        .set({ chunks_done: reached, progress: percent(reached) })
        .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version)));
    });
    input.tell({
      status: 'processing',
      progress: percent(reached),
      chunksDone: reached,
      chunksTotal: total,
      error: null,
    });
  }
}

/** The batch's embeddings with the base's model, or null for a lexical-only base. */
async function embedBatch(
  knowledge: KnowledgeDeps,
  options: IngestOptions,
  modelId: string | null,
  batch: readonly DocumentChunk[],
): Promise<EmbedResult | null> {
  if (!modelId) return null;
  if (!knowledge.embedder) {
    throw new AppError('MODEL_NOT_CONFIGURED', 'No embedding provider is configured in this deployment', {
      context: { model: modelId },
    });
  }
  const result = await knowledge.embedder.embed({
    clientId: options.clientId,
    modelId,
    texts: batch.map(embeddingText),
    signal: options.signal,
  });
  if (result.vectors.length !== batch.length) {
    throw new Error(
      `The embedding model answered ${result.vectors.length} vectors for ${batch.length} chunks`,
    );
  }
  return result;
}

/** Marks the version ready and drops older versions' chunks; false when the document moved on meanwhile. */
/**
 * True for a web page added without a title (its title is then its address): the page's own title, once
 * read, names it in the list and in citations instead.
 */
function untitledPage(document: { kind: string; title: string; source_url: string | null }): boolean {
  return document.kind === 'url' && document.source_url?.slice(0, 300) === document.title;
}

async function finish(
  deps: PlatformDeps,
  options: IngestOptions,
  total: number,
  pageTitle: string | null,
): Promise<boolean> {
  return withClient(deps.db, options.clientId, async (tx) => {
    const updated = await tx
      .update(documents)
      .set({
        ...(pageTitle ? { title: pageTitle.slice(0, 300) } : {}),
        status: 'ready',
        indexed_version: options.version,
        progress: 100,
        chunks_done: total,
        chunks_total: total,
        error: null,
        error_code: null,
        indexed_at: deps.clock(),
      })
      .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version)))
      .returning({ id: documents.id });
    if (updated.length === 0) return false;
    await tx
      .delete(documentChunks)
      .where(
        and(
          eq(documentChunks.document_id, options.documentId),
          ne(documentChunks.document_version, options.version),
        ),
      );
    return true;
  });
}

async function markFailed(
  deps: PlatformDeps,
  options: IngestOptions,
  failure: DocumentFailure,
): Promise<ProgressState> {
  const error = failure.message.slice(0, 2000);
  const errorCode = failure.code;
  await withClient(deps.db, options.clientId, (tx) =>
    tx
      .update(documents)
      .set({ status: 'failed', error, error_code: errorCode, progress: 0 })
      .where(and(eq(documents.id, options.documentId), eq(documents.version, options.version))),
  );
  return { status: 'failed', progress: 0, chunksDone: 0, chunksTotal: null, error, errorCode };
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
