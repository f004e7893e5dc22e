import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

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
  /** Origins allowed to embed the widget and call the public chat from a browser (migration 0035). */
  allowed_origins: text('allowed_origins').array().notNull().default(sql`'{}'`),
  prompt_template_version_id: uuid('prompt_template_version_id'),
  fallback_models: text('fallback_models').array().notNull().default(sql`'{}'`),
  max_steps: integer('max_steps').notNull().default(8),
  /** Who executes the agent's runs (`builtin`; Suna with issue 13). */
  executor: text('executor').notNull().default('builtin'),
  tools: jsonb('tools')
    .$type<Array<{ name: string; options?: Record<string, unknown>; critical?: boolean }>>()
    .notNull()
    // Migration 0028: the built-ins, opt-in like every tool (ADR 0034).
    .default([
      { name: 'calculator', critical: false },
      { name: 'current_time', critical: false },
    ]),
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
