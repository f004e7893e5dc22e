import type { Config } from '@renum/config';
import type { Broadcast } from '@renum/platform';
import {
  createEmbedder,
  createReranker,
  type JobQueue,
  type KnowledgeDeps,
  type KnowledgeProgress,
  type PlatformDeps,
} from '@renum/platform';
import type { ModelRegistry } from '@renum/runtime';
import { createSourceFetcher } from './knowledge-fetch.ts';
import { publishClientFrame } from './realtime/ws-hub.ts';

/**
 * Knowledge-base dependencies: the job queue; URL sources fetched through Firecrawl with the client's
 * credential, else through the tool proxy's egress guard (knowledge-fetch.ts, ADR 0038); embeddings
 * through the model registry (ADR 0037), and so are rerankers (ADR 0054); ingestion progress goes to
 * `onProgress` (the server publishes it to the client's WebSocket connections in every process).
 */
export function createKnowledgeDeps(options: {
  jobs: JobQueue;
  config: Pick<Config, 'tools'>;
  deps: PlatformDeps;
  models: ModelRegistry;
  onProgress?: ((progress: KnowledgeProgress) => void) | undefined;
}): KnowledgeDeps {
  return {
    jobs: options.jobs,
    fetchSource: createSourceFetcher({ config: options.config, deps: options.deps }),
    embedder: createEmbedder(options.deps, options.models),
    reranker: createReranker(options.deps, options.models),
    onProgress: options.onProgress,
  };
}

/**
 * Publishes a document's ingestion progress as a `knowledge_progress` frame to the client's WebSocket
 * connections in every process (the broadcast port: Redis pub/sub across processes). Fire and forget:
 * a lost frame is caught up by the next one or by the page's read of the document list; a failed
 * publication goes to `onError` (logged and counted).
 */
export function knowledgeProgressPublisher(
  broadcast: Broadcast,
  onError: (error: unknown) => void,
): (progress: KnowledgeProgress) => void {
  return (progress) => {
    publishClientFrame(broadcast, progress.clientId, {
      type: 'knowledge_progress',
      knowledge_base_id: progress.knowledgeBaseId,
      document_id: progress.documentId,
      version: progress.version,
      status: progress.status,
      progress: progress.progress,
      chunks_done: progress.chunksDone,
      chunks_total: progress.chunksTotal,
      error: progress.error,
      error_code: progress.errorCode ?? null,
    }).catch(onError);
  };
}
