import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

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
  /** When the model was told the decision (migration 0031): a retried resume does nothing. */
  reported_at: timestamp('reported_at', { withTimezone: true }),
  ...timestamps,
});
