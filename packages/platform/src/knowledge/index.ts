export { addDocument, type DocumentSource } from './add-document.ts';
export { createKnowledgeBase } from './create-knowledge-base.ts';
export { createEmbedder, type Embedder, type EmbedResult } from './embed-texts.ts';
export { indexChunks } from './index-chunks.ts';
export { type IngestOptions, ingestDocument } from './ingest-document.ts';
export { knowledgeIngestHandler, knowledgeReindexTermsHandler } from './ingest-handler.ts';
export { listKnowledgeAttachments, setKnowledgeAttachments } from './knowledge-attachments.ts';
export {
  createKnowledgeContext,
  type KnowledgeContextOptions,
  knowledgeContextProviders,
  retrievalQuery,
} from './knowledge-context.ts';
export type { FetchedSource, FetchSource, KnowledgeDeps, KnowledgeProgress } from './knowledge-deps.ts';
export { knowledgeIngestJob, knowledgeReindexTermsJob } from './knowledge-jobs.ts';
export { getKnowledgeUsage } from './knowledge-usage.ts';
export { getKnowledgeBase, listKnowledgeBases } from './list-knowledge-bases.ts';
export { deleteDocument, getDocument, listDocuments, reingestDocument } from './manage-documents.ts';
export { reindexTerms } from './reindex-terms.ts';
export {
  createReranker,
  meterRerank,
  RerankError,
  type Reranker,
  type RerankResult,
  rerankCandidates,
} from './rerank-passages.ts';
export {
  pickChunks,
  type RetrievalCandidates,
  type RetrievedChunk,
  retrieveCandidates,
  retrieveChunks,
} from './retrieve-chunks.ts';
export { searchKnowledgeBase } from './search-knowledge-base.ts';
export { SourceFetchError, type SourceFetchErrorCode } from './source-fetch-error.ts';
export { submitFeedback } from './submit-feedback.ts';
export { deleteKnowledgeBase, updateKnowledgeBase } from './update-knowledge-base.ts';
export { hasVectorSupport, indexedDimensions, vectorHits } from './vector-search.ts';
