import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/** Languages of a knowledge base's lexical index (its stop words). */
export const knowledgeLanguageSchema = z.enum(['portuguese', 'english', 'simple']);

/** A client's knowledge base. `lexical_only` when it has no embedding model (search is BM25 alone). */
export const knowledgeBaseSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    owner_id: uuidSchema.nullable(),
    language: knowledgeLanguageSchema,
    embedding_model: z.string().nullable(),
    /** `provider/model` of the reranker that reorders the fused candidates (ADR 0054), or null. */
    reranker_model: z.string().nullable(),
    lexical_only: z.boolean(),
    /**
     * How the base's words became its full-text terms (ADR 0072): `stems` (Snowball stems in the base's
     * language), or `words` for a base indexed before stemming whose re-index job has not run yet.
     */
    lexical_analyzer: z.enum(['stems', 'words']),
    chunk_target_tokens: z.number().int(),
    chunk_overlap_tokens: z.number().int(),
    document_count: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'KnowledgeBase' });
export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>;

/** Body of `POST /v1/knowledge-bases`. */
export const createKnowledgeBaseSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    description: z.string().max(2000).nullable().optional(),
    language: knowledgeLanguageSchema.default('portuguese'),
    /**
     * `provider/model` of the embeddings (`openai/text-embedding-3-small`, `openai-compatible/ollama/nomic-embed-text`),
     * or null for a lexical-only base. Refused when the provider is not configured (for the platform nor with
     * the client's own key) or the database has no pgvector.
     */
    embedding_model: z.string().trim().min(3).max(200).nullable().default(null),
    /**
     * `provider/model` of a reranker (`openai-compatible/<endpoint>/<model>`: the endpoint's `/rerank`, the
     * Cohere/Jina wire format), or null. Refused when it cannot be called (`MODEL_NOT_CONFIGURED`).
     */
    reranker_model: z.string().trim().min(3).max(200).nullable().default(null),
    chunk_target_tokens: z.number().int().min(50).max(4000).default(350),
    chunk_overlap_tokens: z.number().int().min(0).max(1000).default(40),
  })
  .meta({ id: 'CreateKnowledgeBase' });
export type CreateKnowledgeBase = z.infer<typeof createKnowledgeBaseSchema>;

/** Body of `PATCH /v1/knowledge-bases/{id}`. */
export const updateKnowledgeBaseSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).nullable().optional(),
    /** Sets or (null) removes the reranker; nothing is indexed again. */
    reranker_model: z.string().trim().min(3).max(200).nullable().optional(),
  })
  .meta({ id: 'UpdateKnowledgeBase' });
export type UpdateKnowledgeBase = z.infer<typeof updateKnowledgeBaseSchema>;

/** Ingestion states of a document. */
export const documentStatusSchema = z.enum(['queued', 'processing', 'ready', 'failed']);

/**
 * Why a document failed, as a stable code a screen can translate (`error` keeps the English detail):
 * `unsupported_format` (no parser reads the content), `corrupt`, `encrypted` (password-protected),
 * `empty` (no text: a scanned PDF without a text layer, an empty file), `too_large`, `fetch_unavailable`
 * (this deployment fetches no web pages), `fetch_blocked` (the egress guard refused the address),
 * `fetch_unreachable` (the name does not resolve), `fetch_http_error` (the page or Firecrawl answered an
 * error), `embedding_unavailable` (the base's embedding model is not configured) and `embedding_failed`
 * (the embedding provider refused the request for good).
 */
export const documentErrorCodeSchema = z.enum([
  'unsupported_format',
  'corrupt',
  'encrypted',
  'empty',
  'too_large',
  'fetch_unavailable',
  'fetch_blocked',
  'fetch_unreachable',
  'fetch_http_error',
  'embedding_unavailable',
  'embedding_failed',
]);
export type DocumentErrorCode = z.infer<typeof documentErrorCodeSchema>;

/** One source of a knowledge base and where its ingestion is. */
export const knowledgeDocumentSchema = z
  .object({
    id: uuidSchema,
    knowledge_base_id: uuidSchema,
    kind: z.enum(['file', 'url', 'text']),
    title: z.string(),
    file_name: z.string().nullable(),
    source_url: z.string().nullable(),
    /** As sniffed from the content; null until a URL is fetched. */
    mime_type: z.string().nullable(),
    size_bytes: z.number().int(),
    checksum: z.string(),
    status: documentStatusSchema,
    /** Why ingestion failed, in English, readable by the person who uploaded it. */
    error: z.string().nullable(),
    /** The failure's stable code (translate it; `error` is the detail); null unless `status` is `failed`. */
    error_code: documentErrorCodeSchema.nullable(),
    progress: z.number().int().min(0).max(100),
    chunks_done: z.number().int(),
    chunks_total: z.number().int().nullable(),
    version: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    indexed_at: timestampSchema.nullable(),
  })
  .meta({ id: 'KnowledgeDocument' });
export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;

/** JSON body of `POST /v1/knowledge-bases/{id}/documents` (a file is sent as multipart instead). */
export const addKnowledgeDocumentSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('text'),
      title: z.string().trim().min(1).max(300),
      text: z.string().min(1).max(2_000_000),
    }),
    z.strictObject({
      kind: z.literal('url'),
      url: z.url({ protocol: /^https?$/ }).max(2048),
      title: z.string().trim().min(1).max(300).optional(),
    }),
  ])
  .meta({ id: 'AddKnowledgeDocument' });
export type AddKnowledgeDocument = z.infer<typeof addKnowledgeDocumentSchema>;

/** Path parameters of one document. */
export const knowledgeDocumentParamsSchema = z.object({ id: z.string(), documentId: z.string() });

/** Body of `POST /v1/knowledge-bases/{id}/search`. */
export const searchKnowledgeSchema = z
  .strictObject({
    query: z.string().trim().min(1).max(2000),
    top_k: z.number().int().min(1).max(50).default(10),
    /** Results whose BM25 (or cosine) score is below this are dropped. */
    min_score: z.number().min(0).default(0),
    /** Which halves to run: both fused (default), or one alone to compare them. */
    mode: z.enum(['hybrid', 'lexical', 'vector']).default('hybrid'),
    /** Applies the base's reranker when it has one (false: the fused order, to compare). */
    rerank: z.boolean().default(true),
  })
  .meta({ id: 'SearchKnowledge' });
export type SearchKnowledge = z.infer<typeof searchKnowledgeSchema>;

/** One ranked chunk: its scores and which half of the hybrid search found it. */
export const knowledgeHitSchema = z
  .object({
    chunk_id: uuidSchema,
    document_id: uuidSchema,
    knowledge_base_id: uuidSchema,
    document_title: z.string(),
    text: z.string(),
    heading_path: z.array(z.string()),
    page: z.number().int().nullable(),
    position: z.number().int(),
    /** Fused score (reciprocal rank fusion plus the feedback prior). */
    score: z.number(),
    lexical_score: z.number().nullable(),
    vector_score: z.number().nullable(),
    found_by: z.array(z.enum(['lexical', 'vector'])),
    /** What feedback on answers that used this chunk adds to its score (negative: disliked). */
    feedback_prior: z.number(),
    /** The reranker's relevance score when the base's reranker ordered this result, else null. */
    rerank_score: z.number().nullable(),
  })
  .meta({ id: 'KnowledgeHit' });
export type KnowledgeHit = z.infer<typeof knowledgeHitSchema>;

/** Answer of the search endpoint. */
export const knowledgeSearchResultSchema = z
  .object({
    query: z.string(),
    lexical_only: z.boolean(),
    mode: z.enum(['hybrid', 'lexical', 'vector']),
    /**
     * `provider/model` of the reranker that ordered the results, or null: none configured, not asked for,
     * or its call failed (then the fused order stands, and the failure is logged and counted).
     */
    reranked_by: z.string().nullable(),
    results: z.array(knowledgeHitSchema),
  })
  .meta({ id: 'KnowledgeSearchResult' });
export type KnowledgeSearchResult = z.infer<typeof knowledgeSearchResultSchema>;

/** Payload of the `knowledge.ingest` job: one version of one document. */
export const knowledgeIngestJobPayloadSchema = z.object({
  client_id: uuidSchema,
  document_id: uuidSchema,
  version: z.number().int().min(1),
});
export type KnowledgeIngestJobPayload = z.infer<typeof knowledgeIngestJobPayloadSchema>;

/** Payload of the `knowledge.reindex-terms` job: one base whose terms are rewritten as stems (ADR 0072). */
export const knowledgeReindexTermsJobPayloadSchema = z.object({
  client_id: uuidSchema,
  knowledge_base_id: uuidSchema,
});
export type KnowledgeReindexTermsJobPayload = z.infer<typeof knowledgeReindexTermsJobPayloadSchema>;

/** One knowledge base attached to an agent or sub-agent, with its retrieval settings. */
export const knowledgeAttachmentSchema = z
  .object({
    knowledge_base_id: uuidSchema,
    /** Passages taken from this base per answer. */
    top_k: z.number().int().min(1).max(50).default(5),
    /** Passages whose BM25 score is lower are left out. */
    min_score: z.number().min(0).default(0),
  })
  .meta({ id: 'KnowledgeAttachment' });
export type KnowledgeAttachment = z.infer<typeof knowledgeAttachmentSchema>;

/** Body of `PUT /v1/agents/{id}/knowledge-bases` (and a sub-agent's): the whole list, replacing the last. */
export const setKnowledgeAttachmentsSchema = z
  .strictObject({ knowledge_bases: z.array(knowledgeAttachmentSchema.strict()).max(20) })
  .meta({ id: 'SetKnowledgeAttachments' });
export type SetKnowledgeAttachments = z.infer<typeof setKnowledgeAttachmentsSchema>;

/** Answer of the attachment routes. */
export const knowledgeAttachmentsSchema = z
  .object({ knowledge_bases: z.array(knowledgeAttachmentSchema.extend({ name: z.string() })) })
  .meta({ id: 'KnowledgeAttachments' });

/** Body of `POST /v1/messages/{id}/feedback` (seed 000, flow 3). */
export const messageFeedbackBodySchema = z
  .strictObject({
    rating: z.enum(['up', 'down']),
    comment: z.string().trim().max(2000).nullable().optional(),
  })
  .meta({ id: 'MessageFeedbackBody' });
export type MessageFeedbackBody = z.infer<typeof messageFeedbackBodySchema>;

/** Feedback stored on an assistant answer, with the chunks that answer used. */
export const messageFeedbackSchema = z
  .object({
    message_id: uuidSchema,
    rating: z.enum(['up', 'down']),
    comment: z.string().nullable(),
    chunk_ids: z.array(uuidSchema),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'MessageFeedback' });
export type MessageFeedback = z.infer<typeof messageFeedbackSchema>;

/** Query of `GET /v1/knowledge-bases/{id}/usage`: a time range (default: the last 30 days). */
export const knowledgeUsageQuerySchema = z
  .object({ from: timestampSchema.optional(), to: timestampSchema.optional() })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    message: 'from must be before to',
    path: ['from'],
  });
export type KnowledgeUsageQuery = z.infer<typeof knowledgeUsageQuerySchema>;

/**
 * How a knowledge base is used (seed 000: "ver como as bases de conhecimento são utilizadas pelos
 * agentes"): queries, hits and feedback per document, the chunks most often behind disliked answers, and
 * what its ingestion and queries cost (embedding calls, page fetches).
 */
export const knowledgeUsageSchema = z
  .object({
    knowledge_base_id: uuidSchema,
    from: timestampSchema,
    to: timestampSchema,
    queries: z.number().int(),
    documents: z.array(
      z.object({
        document_id: uuidSchema,
        title: z.string(),
        hits: z.number().int(),
        feedback_up: z.number().int(),
        feedback_down: z.number().int(),
      }),
    ),
    disliked_chunks: z.array(
      z.object({
        chunk_id: uuidSchema,
        document_id: uuidSchema,
        document_title: z.string(),
        excerpt: z.string(),
        down: z.number().int(),
        up: z.number().int(),
      }),
    ),
    spend: z.object({
      embedding_calls: z.number().int(),
      embedding_tokens: z.number().int(),
      embedding_cost_usd: z.number(),
      page_fetches: z.number().int(),
      page_fetch_cost_usd: z.number(),
    }),
  })
  .meta({ id: 'KnowledgeUsage' });
export type KnowledgeUsage = z.infer<typeof knowledgeUsageSchema>;
