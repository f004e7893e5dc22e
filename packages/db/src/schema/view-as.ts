import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/** A platform admin's read-only, time-limited look at one client (migration 0042, ADR 0040). */
export const viewAsSessions = pgTable('view_as_sessions', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  admin_user_id: uuid('admin_user_id').notNull(),
  reason: text('reason').notNull(),
  started_at: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
  ended_at: timestamp('ended_at', { withTimezone: true }),
});

/** An agent the platform offers every client (seed 000 "agentes globais"); clients copy it. */
export const globalAgents = pgTable('global_agents', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  category: text('category'),
  model: text('model').notNull(),
  system_prompt: text('system_prompt').notNull(),
  tools: jsonb('tools')
    .$type<Array<{ name: string; options?: Record<string, unknown>; critical?: boolean }>>()
    .notNull()
    .default([]),
  retired_at: timestamp('retired_at', { withTimezone: true }),
  created_by: uuid('created_by'),
  ...timestamps,
});
