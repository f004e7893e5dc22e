import {
  bigint,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/** A conversation between an agent and a contact or person; events are numbered per conversation. */
export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  contact_id: uuid('contact_id'),
  user_id: uuid('user_id'),
  channel: text('channel', { enum: ['whatsapp', 'web', 'sms', 'email', 'api'] })
    .notNull()
    .default('web'),
  title: text('title'),
  status: text('status', { enum: ['open', 'closed', 'archived'] })
    .notNull()
    .default('open'),
  summary: text('summary'),
  summary_through_message_id: uuid('summary_through_message_id'),
  last_seq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  /** Highest sequence number handed to a writer (blocks, ADR 0009); `last_seq` is the highest stored. */
  seq_reserved: bigint('seq_reserved', { mode: 'number' }).notNull().default(0),
  last_message_at: timestamp('last_message_at', { withTimezone: true }),
  /** The person who took the conversation over from its agent (migration 0021); null: the agent answers. */
  taken_over_by: uuid('taken_over_by'),
  taken_over_at: timestamp('taken_over_at', { withTimezone: true }),
  ...timestamps,
});

/** One execution of an agent answering a message; leased by the process running it. */
/** What a run's attempt records for the next one (`runs.checkpoint`). */
export interface RunCheckpoint {
  routing: { sub_agent_id: string | null; routing_error: string | null };
  /** Usage of the extra model calls (topic analysis, summary) already made, metered at settlement. */
  extra_calls: Array<Record<string, unknown>>;
}

export const runs = pgTable('runs', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  conversation_id: uuid('conversation_id'),
  agent_id: uuid('agent_id').notNull(),
  sub_agent_id: uuid('sub_agent_id'),
  /** `suspended` (migration 0031, ADR 0039): waits for a person's decision, holding no process. */
  status: text('status', { enum: ['queued', 'running', 'completed', 'failed', 'stopped', 'suspended'] })
    .notNull()
    .default('queued'),
  executor: text('executor').notNull().default('builtin'),
  model: text('model').notNull(),
  attempts: integer('attempts').notNull().default(0),
  error_code: text('error_code'),
  error_message: text('error_message'),
  routing_error: text('routing_error'),
  lease_owner: text('lease_owner'),
  lease_expires_at: timestamp('lease_expires_at', { withTimezone: true }),
  /** Set by each claim; every write of the worker holding the run is fenced by it (migration 0012). */
  lease_token: uuid('lease_token'),
  /** A stop asked from any process; the worker holding the run settles it `stopped`. */
  cancel_requested_at: timestamp('cancel_requested_at', { withTimezone: true }),
  /** How many times a worker took the run (more than 1: taken over after a crash). */
  claims: integer('claims').notNull().default(0),
  /** How many times the run was suspended for an approval and queued again (migration 0031). */
  suspensions: integer('suspensions').notNull().default(0),
  /** What a resumed attempt reuses: the routing decided and its metered extra model calls. */
  checkpoint: jsonb('checkpoint').$type<RunCheckpoint>(),
  /** `Idempotency-Key` of the send that created the run, unique per client. */
  idempotency_key: text('idempotency_key'),
  /** The team execution this run is a step of (migration 0019), null for a chat turn. */
  execution_id: uuid('execution_id'),
  /**
   * A JSON schema the answer must satisfy, asked of the model through its provider's structured-output
   * API (migration 0033): a team step's `output_schema`; null otherwise.
   */
  output_schema: jsonb('output_schema').$type<Record<string, unknown>>(),
  /**
   * W3C `traceparent` of the span active when the run was created (migration 0046, ADR 0069): the
   * executing process's run span is its child. Null when tracing is off.
   */
  trace_parent: text('trace_parent'),
  tokens_input: integer('tokens_input').notNull().default(0),
  tokens_output: integer('tokens_output').notNull().default(0),
  cost_usd: numeric('cost_usd', { precision: 18, scale: 8 }).notNull().default('0'),
  queued_at: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  started_at: timestamp('started_at', { withTimezone: true }),
  first_token_at: timestamp('first_token_at', { withTimezone: true }),
  finished_at: timestamp('finished_at', { withTimezone: true }),
  ...timestamps,
});

/** A message of a conversation, with AI SDK-style content parts. */
export const messages = pgTable('messages', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  conversation_id: uuid('conversation_id').notNull(),
  run_id: uuid('run_id'),
  role: text('role', { enum: ['user', 'assistant', 'system', 'tool'] }).notNull(),
  content: jsonb('content').$type<unknown[]>().notNull().default([]),
  text: text('text').notNull().default(''),
  sub_agent_id: uuid('sub_agent_id'),
  tokens_input: integer('tokens_input').notNull().default(0),
  tokens_output: integer('tokens_output').notNull().default(0),
  /** The person who wrote it while holding the conversation (migration 0021), and their name then. */
  author_user_id: uuid('author_user_id'),
  author_name: text('author_name'),
  /** Numbered knowledge sources an assistant answer was given (migration 0015). */
  citations: jsonb('citations').$type<MessageCitation[]>(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Read receipts (migration 0016): who of the client read which message, first time only. */
export const messageReads = pgTable(
  'message_reads',
  {
    client_id: uuid('client_id').notNull(),
    message_id: uuid('message_id').notNull(),
    user_id: uuid('user_id').notNull(),
    conversation_id: uuid('conversation_id').notNull(),
    read_at: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.message_id, table.user_id] })],
);

/** A knowledge source stored on an assistant answer: contracts' run retrieval source plus an excerpt. */
export interface MessageCitation {
  n: number;
  chunk_id: string;
  document_id: string;
  knowledge_base_id: string;
  document_title: string;
  heading_path: string[];
  page: number | null;
  score: number;
  excerpt: string;
}

/** Append-only run events, numbered per stream (a conversation, or a run without one). */
export const runEvents = pgTable(
  'run_events',
  {
    stream_id: uuid('stream_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    client_id: uuid('client_id').notNull(),
    run_id: uuid('run_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.stream_id, table.seq] })],
);
