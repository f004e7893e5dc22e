import type { Config } from '@renum/config';
import { createEmbedder, type JobQueue, type KnowledgeDeps, type PlatformDeps } from '@renum/platform';
import type { ModelRegistry } from '@renum/runtime';
import { createSourceFetcher } from './knowledge-fetch.ts';

/**
 * Knowledge-base dependencies: the job queue; URL sources fetched through Firecrawl with the client's
 * credential, else through the tool proxy's egress guard (knowledge-fetch.ts, ADR 0038); embeddings
 * through the model registry (ADR 0037).
 */
export function createKnowledgeDeps(options: {
  jobs: JobQueue;
  config: Pick<Config, 'tools'>;
  deps: PlatformDeps;
  models: ModelRegistry;
}): KnowledgeDeps {
  return {
    jobs: options.jobs,
    fetchSource: createSourceFetcher({ config: options.config, deps: options.deps }),
    embedder: createEmbedder(options.deps, options.models),
  };
}
