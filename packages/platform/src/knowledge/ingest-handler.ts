import { handleJob } from '../jobs/job-handler.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { ingestDocument } from './ingest-document.ts';
import type { KnowledgeDeps } from './knowledge-deps.ts';
import { knowledgeIngestJob, knowledgeReindexTermsJob } from './knowledge-jobs.ts';
import { reindexTerms } from './reindex-terms.ts';

/** The `knowledge.ingest` handler: ingests the document version in the job's client scope. */
export const knowledgeIngestHandler = (deps: PlatformDeps, knowledge: KnowledgeDeps) =>
  handleJob(knowledgeIngestJob, async (payload, context) => {
    await ingestDocument(deps, knowledge, {
      clientId: payload.client_id,
      documentId: payload.document_id,
      version: payload.version,
      signal: context.signal,
      batchSize: knowledge.batchSize,
    });
  });

/** The `knowledge.reindex-terms` handler: re-terms one base as stems (ADR 0072). */
export const knowledgeReindexTermsHandler = (deps: PlatformDeps) =>
  handleJob(knowledgeReindexTermsJob, async (payload) => {
    await reindexTerms(deps, { clientId: payload.client_id, knowledgeBaseId: payload.knowledge_base_id });
  });
