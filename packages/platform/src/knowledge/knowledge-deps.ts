import type { JobQueue } from '../jobs/job-queue.ts';
import type { Embedder } from './embed-texts.ts';

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

/** What knowledge bases need beyond {@link PlatformDeps}. */
export interface KnowledgeDeps {
  /** Where ingestion jobs are enqueued, with the document's row. */
  jobs: JobQueue;
  /** Fetches URL sources; absent: URL documents fail with a readable error. */
  fetchSource?: FetchSource | undefined;
  /** Embeds chunks and queries of bases with an embedding model; absent: every base is lexical-only. */
  embedder?: Embedder | undefined;
  /** Chunks indexed per transaction (and per progress update and embedding call). @defaultValue 64 */
  batchSize?: number | undefined;
  /** Largest document accepted, in bytes. @defaultValue 20 MiB */
  maxDocumentBytes?: number | undefined;
}

/** The default {@link KnowledgeDeps.maxDocumentBytes}. */
export const defaultMaxDocumentBytes = 20 * 1024 * 1024;
