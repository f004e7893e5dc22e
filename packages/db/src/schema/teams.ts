import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

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
  /** The `Idempotency-Key` of the request that started it (migration 0048): a retry answers this execution. */
  idempotency_key: text('idempotency_key'),
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
