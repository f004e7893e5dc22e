import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
