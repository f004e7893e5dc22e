import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The Suna thread of a conversation run on the `suna` executor (issue 13): follow-up turns continue it. */
export const sunaThreads = pgTable('suna_threads', {
  conversation_id: uuid('conversation_id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  thread_id: text('thread_id').notNull(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The Suna agent of an agent or sub-agent (`answerer_id`) run on the `suna` executor. */
export const sunaAgents = pgTable('suna_agents', {
  answerer_id: uuid('answerer_id').primaryKey(),
  client_id: uuid('client_id').notNull(),
  agent_id: uuid('agent_id').notNull(),
  suna_agent_id: text('suna_agent_id').notNull(),
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
