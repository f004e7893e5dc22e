import {
  customType,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

// Issue 10's tables (migration 0015): knowledge bases, their documents and chunks, the lexical index,
// attachments to agents, feedback on answers and the retrieval log. Mirrors the DDL for typed queries.

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A client's knowledge base. */
export const knowledgeBases = pgTable('knowledge_bases', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  owner_id: uuid('owner_id'),
  language: text('language', { enum: ['portuguese', 'english', 'simple'] })
    .notNull()
    .default('portuguese'),
  /** How its words become index terms (ADR 0072, migration 0049): `stems`, or `words` until re-indexed. */
  lexical_analyzer: text('lexical_analyzer', { enum: ['stems', 'words'] })
    .notNull()
    .default('stems'),
  embedding_model: text('embedding_model'),
  /** `provider/model` of the reranker applied after fusion (ADR 0054), or null. */
  reranker_model: text('reranker_model'),
  chunk_target_tokens: integer('chunk_target_tokens').notNull().default(350),
  chunk_overlap_tokens: integer('chunk_overlap_tokens').notNull().default(40),
  ...timestamps,
});

/** One source of a knowledge base (file, URL or text) and its ingestion state. */
export const documents = pgTable('documents', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  knowledge_base_id: uuid('knowledge_base_id').notNull(),
  kind: text('kind', { enum: ['file', 'url', 'text'] }).notNull(),
  title: text('title').notNull(),
  file_name: text('file_name'),
  source_url: text('source_url'),
  mime_type: text('mime_type'),
  size_bytes: integer('size_bytes').notNull().default(0),
  checksum: text('checksum').notNull(),
  content: bytea('content'),
  status: text('status', { enum: ['queued', 'processing', 'ready', 'failed'] })
    .notNull()
    .default('queued'),
  error: text('error'),
  /** The failure's stable code (migration 0050; the contracts' `documentErrorCodeSchema`), null unless failed. */
  error_code: text('error_code', {
    enum: [
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
    ],
  }),
  progress: integer('progress').notNull().default(0),
  chunks_done: integer('chunks_done').notNull().default(0),
  chunks_total: integer('chunks_total'),
  version: integer('version').notNull().default(1),
  indexed_version: integer('indexed_version'),
  ...timestamps,
  indexed_at: timestamp('indexed_at', { withTimezone: true }),
});

/** A passage of a document, as retrieved and cited. */
export const documentChunks = pgTable('document_chunks', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  knowledge_base_id: uuid('knowledge_base_id').notNull(),
  document_id: uuid('document_id').notNull(),
  document_version: integer('document_version').notNull(),
  position: integer('position').notNull(),
  text: text('text').notNull(),
  token_count: integer('token_count').notNull(),
  heading_path: text('heading_path').array().notNull().default([]),
  page: integer('page'),
  term_count: integer('term_count').notNull().default(0),
  embedding: real('embedding').array(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Term frequencies per chunk: the lexical (BM25) index. */
export const documentChunkTerms = pgTable(
  'document_chunk_terms',
  {
    client_id: uuid('client_id').notNull(),
    knowledge_base_id: uuid('knowledge_base_id').notNull(),
    chunk_id: uuid('chunk_id').notNull(),
    term: text('term').notNull(),
    frequency: integer('frequency').notNull(),
  },
  (table) => [primaryKey({ columns: [table.chunk_id, table.term] })],
);

/** A knowledge base attached to an agent, or to one of its sub-agents. */
export const agentKnowledgeBases = pgTable('agent_knowledge_bases', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  sub_agent_id: uuid('sub_agent_id'),
  knowledge_base_id: uuid('knowledge_base_id').notNull(),
  top_k: integer('top_k').notNull().default(5),
  min_score: real('min_score').notNull().default(0),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Thumbs up or down on an assistant answer, with the chunks it used. */
export const messageFeedback = pgTable('message_feedback', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  message_id: uuid('message_id').notNull(),
  rating: text('rating', { enum: ['up', 'down'] }).notNull(),
  comment: text('comment'),
  chunk_ids: uuid('chunk_ids').array().notNull().default([]),
  created_by: uuid('created_by'),
  ...timestamps,
});

/** One retrieval: the query, the bases searched and what came back (the usage view). */
export const knowledgeRetrievals = pgTable('knowledge_retrievals', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  knowledge_base_ids: uuid('knowledge_base_ids').array().notNull(),
  run_id: uuid('run_id'),
  query: text('query').notNull(),
  chunk_ids: uuid('chunk_ids').array().notNull().default([]),
  document_ids: uuid('document_ids').array().notNull().default([]),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
