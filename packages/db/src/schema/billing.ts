import {
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
import { timestamps } from './columns.ts';

/** Seed 002's usage log: one priced row per model call or tool call. */
export const usageLogs = pgTable('renum_ai_usage_logs', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id'),
  sub_agent_id: uuid('sub_agent_id'),
  run_id: uuid('run_id'),
  conversation_id: uuid('conversation_id'),
  kind: text('kind', { enum: ['model', 'tool', 'embedding', 'rerank'] })
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
  /** The knowledge base and document whose ingestion made the call (migration 0030). */
  knowledge_base_id: uuid('knowledge_base_id'),
  document_id: uuid('document_id'),
});

/** Named plans: a monthly budget and limits, each NULL for none (platform data). */
export const plans = pgTable('plans', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  monthly_budget_usd: numeric('monthly_budget_usd', { precision: 18, scale: 8 }),
  requests_per_minute: integer('requests_per_minute'),
  max_concurrent_runs: integer('max_concurrent_runs'),
  /** The version in force (migration 0043): an edit names the one it started from. */
  version: integer('version').notNull().default(1),
  /** Set when retired: kept for history, no client can be put on it. */
  retired_at: timestamp('retired_at', { withTimezone: true }),
  ...timestamps,
});

/** Every version of every plan, whole and append-only, with who set it (migration 0043). */
export const planVersions = pgTable(
  'plan_versions',
  {
    plan: text('plan').notNull(),
    version: integer('version').notNull(),
    description: text('description').notNull(),
    monthly_budget_usd: numeric('monthly_budget_usd', { precision: 18, scale: 8 }),
    requests_per_minute: integer('requests_per_minute'),
    max_concurrent_runs: integer('max_concurrent_runs'),
    retired: boolean('retired').notNull().default(false),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.plan, table.version] })],
);

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
