import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

/** A client's WhatsApp Business number, bound to one agent (migration 0034). */
export const whatsappConnections = pgTable('whatsapp_connections', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  /** Meta's phone number id; unique across clients (the webhook maps it to its client). */
  phone_number_id: text('phone_number_id').notNull(),
  display_phone_number: text('display_phone_number'),
  /** The `whatsapp` credential (access token) answers are sent with. */
  credential_id: uuid('credential_id').notNull(),
  /** The `whatsapp_app_secret` credential webhooks are signed with. */
  app_secret_credential_id: uuid('app_secret_credential_id').notNull(),
  verify_token: text('verify_token').notNull(),
  template_name: text('template_name'),
  template_language: text('template_language').notNull().default('pt_BR'),
  ...timestamps,
});

/** Status of a WhatsApp message: inbound `received`/`handled`, outbound `sent`…`read` or `failed`. */
export type WhatsAppMessageStatus = 'received' | 'handled' | 'sent' | 'delivered' | 'read' | 'failed';

/** A WhatsApp message in or out (migration 0034); inbound ones unique on Meta's `wamid`. */
export const whatsappMessages = pgTable('whatsapp_messages', {
  id: uuid('id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  connection_id: uuid('connection_id').notNull(),
  direction: text('direction', { enum: ['in', 'out'] }).notNull(),
  wamid: text('wamid').notNull(),
  wa_id: text('wa_id').notNull(),
  kind: text('kind').notNull(),
  text: text('text').notNull().default(''),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status', {
    enum: ['received', 'handled', 'sent', 'delivered', 'read', 'failed'],
  }).notNull(),
  error: jsonb('error'),
  conversation_id: uuid('conversation_id'),
  message_id: uuid('message_id'),
  approval_id: uuid('approval_id'),
  answer_wamid: text('answer_wamid'),
  ...timestamps,
});
