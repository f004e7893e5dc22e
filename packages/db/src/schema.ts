import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

// Property names are the wire's snake_case, so rows map to the API without renaming.
// The DDL lives in ../migrations; this file mirrors it for typed queries.

const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Companies (tenants). */
export const clients = pgTable('clients', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  /** Name of a row of {@link plans}. */
  plan: text('plan').notNull().default('unlimited'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  ...timestamps,
});

/** People; `password_hash` is readable only by the platform role. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  password_hash: text('password_hash'),
  name: text('name').notNull(),
  platform_role: text('platform_role', { enum: ['none', 'admin'] })
    .notNull()
    .default('none'),
  last_login_at: timestamp('last_login_at', { withTimezone: true }),
  ...timestamps,
});

/** A person's role within a client (the seed's `profiles`). */
export const memberships = pgTable('memberships', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  user_id: uuid('user_id').notNull(),
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
  ...timestamps,
});

/** Rotating refresh tokens, stored hashed; a family is one login session. */
export const refreshTokens = pgTable('refresh_tokens', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id'),
  user_id: uuid('user_id').notNull(),
  family_id: uuid('family_id').notNull(),
  token_hash: text('token_hash').notNull(),
  expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
  used_at: timestamp('used_at', { withTimezone: true }),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Client API keys, stored hashed with a visible prefix. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  key_hash: text('key_hash').notNull(),
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
  created_by: uuid('created_by'),
  last_used_at: timestamp('last_used_at', { withTimezone: true }),
  expires_at: timestamp('expires_at', { withTimezone: true }),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Agents (seed 003 `agents`). */
export const agents = pgTable('agents', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  slug: text('slug').notNull(),
  model: text('model').notNull(),
  system_prompt: text('system_prompt').notNull(),
  channel: text('channel', { enum: ['whatsapp', 'web', 'sms', 'email'] })
    .notNull()
    .default('whatsapp'),
  template_type: text('template_type'),
  status: text('status', { enum: ['draft', 'active', 'inactive'] })
    .notNull()
    .default('draft'),
  is_public: boolean('is_public').notNull().default(false),
  public_url: text('public_url'),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  access_count: integer('access_count').notNull().default(0),
  prompt_template_version_id: uuid('prompt_template_version_id'),
  fallback_models: text('fallback_models').array().notNull().default(sql`'{}'`),
  max_steps: integer('max_steps').notNull().default(8),
  /** Who executes the agent's runs (`builtin`; Suna with issue 13). */
  executor: text('executor').notNull().default('builtin'),
  tools: jsonb('tools')
    .$type<Array<{ name: string; options?: Record<string, unknown>; critical?: boolean }>>()
    .notNull()
    .default([]),
  ...timestamps,
});

/** Sub-agents (seed 003 `sub_agents`), with `client_id` denormalised and checked against the agent's. */
export const subAgents = pgTable('sub_agents', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  topics: text('topics').array().notNull().default(sql`'{}'`),
  model: text('model').notNull(),
  system_prompt: text('system_prompt').notNull(),
  channel: text('channel').notNull().default('whatsapp'),
  is_active: boolean('is_active').notNull().default(true),
  fine_tuning_config: jsonb('fine_tuning_config'),
  knowledge_base: jsonb('knowledge_base'),
  ...timestamps,
});

/** Who did what to which record, and when. */
export const auditLog = pgTable('audit_log', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id'),
  actor_type: text('actor_type', { enum: ['user', 'api_key', 'platform_admin', 'system'] }).notNull(),
  actor_id: uuid('actor_id'),
  action: text('action').notNull(),
  target_type: text('target_type').notNull(),
  target_id: uuid('target_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  request_id: text('request_id'),
  ip: text('ip'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The end person a conversation is with. */
export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  external_id: text('external_id'),
  name: text('name'),
  phone: text('phone'),
  email: text('email'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  ...timestamps,
});

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
  status: text('status', { enum: ['queued', 'running', 'completed', 'failed', 'stopped'] })
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
  /** What a resumed attempt reuses: the routing decided and its metered extra model calls. */
  checkpoint: jsonb('checkpoint').$type<RunCheckpoint>(),
  /** `Idempotency-Key` of the send that created the run, unique per client. */
  idempotency_key: text('idempotency_key'),
  /** The team execution this run is a step of (migration 0019), null for a chat turn. */
  execution_id: uuid('execution_id'),
  tokens_input: integer('tokens_input').notNull().default(0),
  tokens_output: integer('tokens_output').notNull().default(0),
  cost_usd: numeric('cost_usd', { precision: 18, scale: 8 }).notNull().default('0'),
  queued_at: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  started_at: timestamp('started_at', { withTimezone: true }),
  first_token_at: timestamp('first_token_at', { withTimezone: true }),
  finished_at: timestamp('finished_at', { withTimezone: true }),
  ...timestamps,
});

/**
 * Background jobs (migration 0011): the transactional outbox and the truth of every job, whichever engine
 * delivers it. Platform scope only; client transactions enqueue through `renum_enqueue_job`.
 */
export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey(),
  queue: text('queue').notNull(),
  name: text('name').notNull(),
  version: integer('version').notNull().default(1),
  payload: jsonb('payload').$type<unknown>().notNull().default({}),
  client_id: uuid('client_id'),
  status: text('status', { enum: ['queued', 'running', 'completed', 'failed', 'dead'] })
    .notNull()
    .default('queued'),
  /** 0: none; otherwise lower runs first, after the unprioritised jobs. */
  priority: integer('priority').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  max_attempts: integer('max_attempts').notNull().default(1),
  run_at: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
  lease_token: uuid('lease_token'),
  lease_owner: text('lease_owner'),
  lease_expires_at: timestamp('lease_expires_at', { withTimezone: true }),
  last_error: text('last_error'),
  idempotency_key: text('idempotency_key'),
  ...timestamps,
  completed_at: timestamp('completed_at', { withTimezone: true }),
  /** When the BullMQ engine handed the row to Redis; null: not (or no longer) there. */
  relayed_at: timestamp('relayed_at', { withTimezone: true }),
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

/** Seed 002's usage log: one priced row per model call or tool call. */
export const usageLogs = pgTable('renum_ai_usage_logs', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id'),
  sub_agent_id: uuid('sub_agent_id'),
  run_id: uuid('run_id'),
  conversation_id: uuid('conversation_id'),
  kind: text('kind', { enum: ['model', 'tool'] })
    .notNull()
    .default('model'),
  model_provider: text('model_provider'),
  model_name: text('model_name'),
  tool_name: text('tool_name'),
  api_key_type: text('api_key_type', { enum: ['platform', 'client'] })
    .notNull()
    .default('platform'),
  tokens_input: integer('tokens_input').notNull().default(0),
  tokens_output: integer('tokens_output').notNull().default(0),
  units: numeric('units', { precision: 18, scale: 6 }).notNull().default('0'),
  cost_usd: numeric('cost_usd', { precision: 18, scale: 8 }).notNull().default('0'),
  price_version: text('price_version'),
  latency_ms: integer('latency_ms'),
  request_data: jsonb('request_data'),
  response_data: jsonb('response_data'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The team execution whose step made the call (migration 0019). */
  execution_id: uuid('execution_id'),
});

/** Long-term facts about a contact, per client and agent. */
export const memories = pgTable('memories', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  contact_id: uuid('contact_id').notNull(),
  content: text('content').notNull(),
  source_conversation_id: uuid('source_conversation_id'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Reusable prompt templates. */
export const promptTemplates = pgTable('prompt_templates', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  latest_version: integer('latest_version').notNull().default(0),
  ...timestamps,
});

/** Immutable versions of a prompt template. */
export const promptTemplateVersions = pgTable('prompt_template_versions', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  template_id: uuid('template_id').notNull(),
  version: integer('version').notNull(),
  body: text('body').notNull(),
  variables: text('variables').array().notNull().default(sql`'{}'`),
  created_by: uuid('created_by'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A client's data keys, wrapped by a key-encryption key kept outside the database. */
export const clientDataKeys = pgTable(
  'client_data_keys',
  {
    client_id: uuid('client_id').notNull(),
    dek_version: integer('dek_version').notNull(),
    kek_version: text('kek_version').notNull(),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.client_id, table.dek_version] })],
);

/** A client's stored credential: encrypted secret fields plus what may be shown (masked). */
export const credentials = pgTable('credentials', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id'),
  service: text('service').notNull(),
  name: text('name').notNull(),
  secret: jsonb('secret').$type<Record<string, unknown>>().notNull(),
  dek_version: integer('dek_version').notNull(),
  field_names: text('field_names').array().notNull(),
  masked: text('masked').notNull(),
  created_by: uuid('created_by'),
  last_used_at: timestamp('last_used_at', { withTimezone: true }),
  ...timestamps,
});

/** Named plans: a monthly budget and limits, each NULL for none (platform data). */
export const plans = pgTable('plans', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  monthly_budget_usd: numeric('monthly_budget_usd', { precision: 18, scale: 8 }),
  requests_per_minute: integer('requests_per_minute'),
  max_concurrent_runs: integer('max_concurrent_runs'),
  ...timestamps,
});

/** A client's own limits over its plan's; NULL means the plan's value. */
export const clientLimits = pgTable('client_limits', {
  client_id: uuid('client_id').primaryKey(),
  monthly_budget_usd: numeric('monthly_budget_usd', { precision: 18, scale: 8 }),
  requests_per_minute: integer('requests_per_minute'),
  max_concurrent_runs: integer('max_concurrent_runs'),
  updated_by: uuid('updated_by'),
  ...timestamps,
});

/** Spend per client and calendar month (UTC), kept by a trigger on the usage ledger. */
export const clientMonthlySpend = pgTable(
  'client_monthly_spend',
  {
    client_id: uuid('client_id').notNull(),
    /** First day of the month. */
    month: date('month', { mode: 'string' }).notNull(),
    spent_usd: numeric('spent_usd', { precision: 18, scale: 8 }).notNull().default('0'),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.client_id, table.month] })],
);

/** Messages to a client's team (budget alerts); `dedup_key` keeps an alert to one row. */
export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  kind: text('kind').notNull(),
  dedup_key: text('dedup_key'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  read_at: timestamp('read_at', { withTimezone: true }),
  read_by: uuid('read_by'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Invitations to join a client (migration 0009): stored with the SHA-256 of their token, never the token.
 * Pending while `accepted_at` and `revoked_at` are null and `expires_at` is ahead.
 */
export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  /** Lower-case. */
  email: text('email').notNull(),
  role: text('role', { enum: ['admin', 'member'] }).notNull(),
  token_hash: text('token_hash').notNull(),
  invited_by: uuid('invited_by'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
  accepted_at: timestamp('accepted_at', { withTimezone: true }),
  accepted_by: uuid('accepted_by'),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * Scheduled jobs of a client (migration 0017): a cron expression or an interval in an IANA time zone, with
 * a target (an agent with a prompt, or a built-in job). `next_fire_at` is the next tick to hand over, null
 * while paused.
 */
export const schedules = pgTable('schedules', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  cron: text('cron'),
  interval_seconds: integer('interval_seconds'),
  timezone: text('timezone').notNull().default('UTC'),
  target: jsonb('target').$type<Record<string, unknown>>().notNull(),
  agent_id: uuid('agent_id'),
  enabled: boolean('enabled').notNull().default(true),
  missed_policy: text('missed_policy', { enum: ['run_once', 'skip'] })
    .notNull()
    .default('run_once'),
  overlap_policy: text('overlap_policy', { enum: ['skip', 'allow'] })
    .notNull()
    .default('skip'),
  anchor_at: timestamp('anchor_at', { withTimezone: true }).notNull().defaultNow(),
  next_fire_at: timestamp('next_fire_at', { withTimezone: true }),
  last_fired_at: timestamp('last_fired_at', { withTimezone: true }),
  created_by: uuid('created_by'),
  ...timestamps,
});

/** One handled tick of a schedule (migration 0017): unique per schedule and tick, with the run it started. */
export const scheduleExecutions = pgTable('schedule_executions', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  schedule_id: uuid('schedule_id').notNull(),
  tick_at: timestamp('tick_at', { withTimezone: true }).notNull(),
  trigger: text('trigger', { enum: ['tick', 'manual'] }).notNull(),
  status: text('status', { enum: ['started', 'skipped', 'failed'] }).notNull(),
  reason: text('reason'),
  run_id: uuid('run_id'),
  conversation_id: uuid('conversation_id'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A team of agents (migration 0019, seed 002): its workflow is the DSL of `@renum/contracts`. */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  workflow_definition: jsonb('workflow_definition').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
  created_by: uuid('created_by'),
  ...timestamps,
});

/** One execution of a team (seed 002 `renum_team_executions`). */
export const teamExecutions = pgTable('renum_team_executions', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  team_id: uuid('team_id').notNull(),
  user_id: uuid('user_id'),
  status: text('status', { enum: ['pending', 'running', 'completed', 'failed', 'cancelled'] })
    .notNull()
    .default('pending'),
  initial_prompt: text('initial_prompt').notNull(),
  /** The definition as it was when the execution started. */
  execution_plan: jsonb('execution_plan').$type<Record<string, unknown>>().notNull(),
  /** `initial_prompt` and `agent_<agent id>_result` per finished step. */
  shared_context: jsonb('shared_context').$type<Record<string, unknown>>().notNull().default({}),
  usage_metrics: jsonb('usage_metrics').$type<Record<string, number>>(),
  cost_metrics: jsonb('cost_metrics').$type<{ cost_usd: string }>(),
  error: text('error'),
  /** The execution's event counter (one sequence per execution). */
  last_seq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  cancel_requested_at: timestamp('cancel_requested_at', { withTimezone: true }),
  started_at: timestamp('started_at', { withTimezone: true }),
  finished_at: timestamp('finished_at', { withTimezone: true }),
  ...timestamps,
});

/** One step of an execution (seed 002 `renum_team_agent_executions`); `run_id` is its current run. */
export const teamAgentExecutions = pgTable('renum_team_agent_executions', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  execution_id: uuid('execution_id').notNull(),
  step_index: integer('step_index').notNull(),
  agent_id: uuid('agent_id').notNull(),
  role: text('role').notNull(),
  run_id: uuid('run_id'),
  status: text('status', { enum: ['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled'] })
    .notNull()
    .default('pending'),
  input: text('input'),
  result: jsonb('result').$type<unknown>(),
  individual_usage_metrics: jsonb('individual_usage_metrics').$type<Record<string, number>>(),
  individual_cost_metrics: jsonb('individual_cost_metrics').$type<{ cost_usd: string }>(),
  attempts: integer('attempts').notNull().default(0),
  error_code: text('error_code'),
  error: text('error'),
  started_at: timestamp('started_at', { withTimezone: true }),
  finished_at: timestamp('finished_at', { withTimezone: true }),
  ...timestamps,
});

/** An execution's events, numbered per execution. */
export const teamExecutionEvents = pgTable(
  'renum_team_execution_events',
  {
    execution_id: uuid('execution_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    client_id: uuid('client_id').notNull(),
    run_id: uuid('run_id'),
    step_index: integer('step_index'),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.execution_id, table.seq] })],
);

/** The Suna thread of a conversation run on the `suna` executor (issue 13): follow-up turns continue it. */
export const sunaThreads = pgTable('suna_threads', {
  conversation_id: uuid('conversation_id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  thread_id: text('thread_id').notNull(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The Suna agent of an agent or sub-agent (`answerer_id`) run on the `suna` executor. */
export const sunaAgents = pgTable('suna_agents', {
  answerer_id: uuid('answerer_id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  suna_agent_id: text('suna_agent_id').notNull(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Approval policies per client and tool, for one agent or all (migration 0022). */
export const approvalPolicies = pgTable('approval_policies', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id'),
  tool: text('tool').notNull(),
  always: boolean('always').notNull().default(false),
  rules: jsonb('rules').$type<Array<Record<string, unknown>>>().notNull().default([]),
  approver_roles: text('approver_roles').array().notNull(),
  approver_user_ids: uuid('approver_user_ids').array().notNull(),
  timeout_seconds: integer('timeout_seconds').notNull().default(86400),
  default_outcome: text('default_outcome', { enum: ['approve', 'reject'] })
    .notNull()
    .default('reject'),
  escalation_roles: text('escalation_roles').array().notNull(),
  ...timestamps,
});

/** A tool call waiting for, or carrying, a person's decision (migration 0022). */
export const approvalRequests = pgTable('approval_requests', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  run_id: uuid('run_id').notNull(),
  conversation_id: uuid('conversation_id').notNull(),
  tool: text('tool').notNull(),
  tool_call_id: text('tool_call_id').notNull(),
  arguments: jsonb('arguments').$type<Record<string, unknown>>().notNull(),
  masked_arguments: jsonb('masked_arguments').$type<Record<string, unknown>>().notNull(),
  warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] })
    .notNull()
    .default('pending'),
  approver_roles: text('approver_roles').array().notNull(),
  approver_user_ids: uuid('approver_user_ids').array().notNull(),
  escalation_roles: text('escalation_roles').array().notNull(),
  timeout_seconds: integer('timeout_seconds').notNull(),
  deadline_at: timestamp('deadline_at', { withTimezone: true }).notNull(),
  default_outcome: text('default_outcome', { enum: ['approve', 'reject'] }).notNull(),
  escalated_at: timestamp('escalated_at', { withTimezone: true }),
  decided_by: uuid('decided_by'),
  decided_via: text('decided_via', { enum: ['web', 'api', 'whatsapp', 'deadline'] }),
  decided_at: timestamp('decided_at', { withTimezone: true }),
  decision_reason: text('decision_reason'),
  edited_arguments: jsonb('edited_arguments').$type<Record<string, unknown>>(),
  execution_status: text('execution_status', { enum: ['executing', 'executed', 'failed'] }),
  result: jsonb('result'),
  ...timestamps,
});
