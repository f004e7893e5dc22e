import type { JobQueue } from '../jobs/job-queue.ts';

/** A fetched web page or file: its bytes and the content type the server declared. */
export interface FetchedSource {
  bytes: Uint8Array;
  contentType: string | null;
}

/**
 * Fetches a URL source. The server wires it to the tool proxy's egress guard (private addresses, cloud
 * metadata and the like refused at every hop), with a size limit.
 */
export type FetchSource = (
  url: string,
  options: { signal: AbortSignal; maxBytes: number },
) => Promise<FetchedSource>;

/** What knowledge bases need beyond {@link PlatformDeps}. */
export interface KnowledgeDeps {
  /** Where ingestion jobs are enqueued, with the document's row. */
  jobs: JobQueue;
  /** Fetches URL sources; absent: URL documents fail with a readable error. */
  fetchSource?: FetchSource | undefined;
  /** Largest document accepted, in bytes. @defaultValue 20 MiB */
  maxDocumentBytes?: number | undefined;
}

/** The default {@link KnowledgeDeps.maxDocumentBytes}. */
export const defaultMaxDocumentBytes = 20 * 1024 * 1024;
