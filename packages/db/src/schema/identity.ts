import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/** Companies (tenants). */
export const clients = pgTable('clients', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  status: text('status', { enum: ['active', 'suspended'] })
    .notNull()
    .default('active'),
  /** Name of a row of {@link plans}. */
  plan: text('plan').notNull().default('unlimited'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  /**
   * Until when the worker logs this client's prompts (ADR 0067); null or past is off. Written only by
   * platform admins, audited.
   */
  prompt_logging_until: timestamp('prompt_logging_until', { withTimezone: true }),
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
  /** Where approval requests reach this member over WhatsApp (digits; migration 0034). */
  whatsapp_number: text('whatsapp_number'),
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

/**
 * Invitations to join a client (migration 0009): stored with the SHA-256 of their token, never the token.
 * Pending while `accepted_at` and `revoked_at` are null and `expires_at` is ahead.
 */
export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  /** Lower-case. */
  email: text('email').notNull(),
  /** `owner` only from a platform admin's invitation (migration 0029). */
  role: text('role', { enum: ['owner', 'admin', 'member'] }).notNull(),
  token_hash: text('token_hash').notNull(),
  invited_by: uuid('invited_by'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
  accepted_at: timestamp('accepted_at', { withTimezone: true }),
  accepted_by: uuid('accepted_by'),
  revoked_at: timestamp('revoked_at', { withTimezone: true }),
});
