import type { DocumentErrorCode } from '@renum/contracts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Embedder } from './embed-texts.ts';
import type { Reranker } from './rerank-passages.ts';

/** A fetched web page or file: its bytes, the content type the server declared, and what it cost. */
export interface FetchedSource {
  bytes: Uint8Array;
  contentType: string | null;
  /** `firecrawl` (scraped with the client's Firecrawl key) or `direct` (through the egress guard). */
  via: 'firecrawl' | 'direct';
  /** What the fetch costs the client (a Firecrawl credit; 0 for a direct fetch). */
  costUsd: number;
  apiKeyType: 'client' | 'platform';
  latencyMs: number;
}

/**
 * Fetches a URL source for a client. The server wires it to Firecrawl with the client's credential, else
 * to the tool proxy's egress guard (private addresses, cloud metadata and the like refused at every hop),
 * with a size limit.
 */
export type FetchSource = (
  url: string,
  options: { signal: AbortSignal; maxBytes: number; clientId: string },
) => Promise<FetchedSource>;

/** Where one document's ingestion is, as the `knowledge_progress` WebSocket frame carries it. */
export interface KnowledgeProgress {
  clientId: string;
  knowledgeBaseId: string;
  documentId: string;
  version: number;
  status: 'processing' | 'ready' | 'failed';
  progress: number;
  chunksDone: number;
  chunksTotal: number | null;
  error: string | null;
  /** The failure's stable code when `status` is `failed`; absent or null otherwise. */
  errorCode?: DocumentErrorCode | null | undefined;
}

/** What knowledge bases need beyond {@link PlatformDeps}. */
export interface KnowledgeDeps {
  /** Where ingestion jobs are enqueued, with the document's row. */
  jobs: JobQueue;
  /** Fetches URL sources; absent: URL documents fail with a readable error. */
  fetchSource?: FetchSource | undefined;
  /** Embeds chunks and queries of bases with an embedding model; absent: every base is lexical-only. */
  embedder?: Embedder | undefined;
  /** Reranks the search candidates of bases with a reranker (ADR 0054); absent: they keep the fused order. */
  reranker?: Reranker | undefined;
  /**
   * Told after each step of a document's ingestion is committed (processing, every batch, ready, failed):
   * the server publishes it to the client's WebSocket connections in every process. Must not throw.
   */
  onProgress?: ((progress: KnowledgeProgress) => void) | undefined;
  /** Chunks indexed per transaction (and per progress update and embedding call). @defaultValue 64 */
  batchSize?: number | undefined;
  /** Largest document accepted, in bytes. @defaultValue 20 MiB */
  maxDocumentBytes?: number | undefined;
}

/** The default {@link KnowledgeDeps.maxDocumentBytes}. */
export const defaultMaxDocumentBytes = 20 * 1024 * 1024;
