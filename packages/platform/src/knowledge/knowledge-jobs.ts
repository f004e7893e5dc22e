import { knowledgeIngestJobPayloadSchema, knowledgeReindexTermsJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';

/**
 * Ingests one version of one document: parse, chunk, index in batches. Retried when an attempt fails for
 * a reason that may pass (the database, the network); each attempt resumes after the chunks already
 * stored. A document that cannot be parsed is marked failed and not retried.
 */
export const knowledgeIngestJob = defineJob({
  name: 'knowledge.ingest',
  queue: 'knowledge',
  payload: knowledgeIngestJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 1000 } },
});

/**
 * Rewrites a base indexed before stemming (migration 0049 enqueues one per such base) as stems, from its
 * stored chunk texts (ADR 0072). Idempotent: a base already `stems` is left alone.
 */
export const knowledgeReindexTermsJob = defineJob({
  name: 'knowledge.reindex-terms',
  queue: 'knowledge',
  payload: knowledgeReindexTermsJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 1000 } },
});
