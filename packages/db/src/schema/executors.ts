import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A platform setting an admin changes at run time (migration 0036); `secret` is a vault record. */
export const platformSettings = pgTable('platform_settings', {
  name: text('name').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  secret: jsonb('secret').$type<Record<string, unknown>>(),
  data_key: jsonb('data_key').$type<Record<string, unknown>>(),
  updated_by: uuid('updated_by'),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The executor instance (Suna) a client's runs go to, and its last watched status (migration 0036). */
export const executorInstances = pgTable('executor_instances', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  executor: text('executor').notNull(),
  provider: text('provider').$type<'static' | 'docker'>().notNull(),
  status: text('status').$type<'starting' | 'running' | 'failed' | 'stopped'>().notNull(),
  url: text('url'),
  container_id: text('container_id'),
  error: text('error'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
