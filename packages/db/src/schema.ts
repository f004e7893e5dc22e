import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  plan: text('plan').notNull().default('free'),
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
