import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** A model's price in USD per million tokens, as a price override stores it. */
export interface StoredModelPrice {
  input_per_million: number;
  output_per_million: number;
}

/** One version of the platform's settings (migration 0039): append-only, the highest is in force. */
export const platformSettingVersions = pgTable('platform_setting_versions', {
  version: integer('version').primaryKey(),
  /** The plan new clients get; NULL: the deployment's `RENUM_DEFAULT_PLAN`. */
  default_plan: text('default_plan'),
  /** Canonical model ids clients may use; NULL: every model the deployment can call. */
  enabled_models: text('enabled_models').array(),
  price_overrides: jsonb('price_overrides').$type<Record<string, StoredModelPrice>>().notNull().default({}),
  features: jsonb('features').$type<Record<string, boolean>>().notNull().default({}),
  created_by: uuid('created_by'),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
