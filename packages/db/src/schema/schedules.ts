import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/**
 * Scheduled jobs of a client (migration 0017): a cron expression or an interval in an IANA time zone, with
 * a target (an agent with a prompt, a team with an initial prompt, or a built-in job, migration 0038). `next_fire_at` is the next tick to hand over, null
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
  /** The team execution a team schedule's tick started (migration 0031). */
  execution_id: uuid('execution_id'),
  /** What a built-in job's tick did: alerts stored, rows deleted, the report (migration 0038). */
  result: jsonb('result').$type<Record<string, unknown>>(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
