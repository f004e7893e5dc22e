import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

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
