import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/** A client's data keys, wrapped by a key-encryption key kept outside the database. */
export const clientDataKeys = pgTable(
  'client_data_keys',
  {
    client_id: uuid('client_id').notNull(),
    dek_version: integer('dek_version').notNull(),
    kek_version: text('kek_version').notNull(),
    record: jsonb('record').$type<Record<string, unknown>>().notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.client_id, table.dek_version] })],
);

/** A client's stored credential: encrypted secret fields plus what may be shown (masked). */
export const credentials = pgTable('credentials', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id'),
  service: text('service').notNull(),
  name: text('name').notNull(),
  secret: jsonb('secret').$type<Record<string, unknown>>().notNull(),
  dek_version: integer('dek_version').notNull(),
  field_names: text('field_names').array().notNull(),
  masked: text('masked').notNull(),
  created_by: uuid('created_by'),
  last_used_at: timestamp('last_used_at', { withTimezone: true }),
  ...timestamps,
});
