import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/** A published public agent as its page shows it (`GET /v1/public/agents/{slug}`): never its prompt. */
export const publicAgentSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    /** The language the wizard wrote its prompt in, for the page's own words. */
    language: z.enum(['en', 'pt-BR']),
  })
  .meta({ id: 'PublicAgent' });
export type PublicAgent = z.infer<typeof publicAgentSchema>;

/** Body of `POST /v1/public/agents/{slug}/messages`. */
export const publicMessageBodySchema = z.strictObject({ content: z.string().trim().min(1).max(4000) });

/** One message of a visitor's conversation, as the public page shows it. */
export const publicMessageSchema = z.object({
  id: uuidSchema,
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  created_at: timestampSchema,
});

/** Answer of `GET /v1/public/agents/{slug}/messages`: the visitor's conversation so far. */
export const publicHistorySchema = z
  .object({ conversation_id: uuidSchema.nullable(), messages: z.array(publicMessageSchema) })
  .meta({ id: 'PublicHistory' });
export type PublicHistory = z.infer<typeof publicHistorySchema>;

/** Limits of anonymous chat on public pages and widgets (the daily cap is per agent, in step 4). */
export interface PublicChatLimits {
  /** Messages one visitor may send to one agent per minute. @defaultValue 10 */
  perVisitorPerMinute: number;
  /** Messages one IP address may send to one agent per minute. @defaultValue 30 */
  perIpPerMinute: number;
}

/** The defaults of {@link PublicChatLimits}. */
export const defaultPublicChatLimits: PublicChatLimits = { perVisitorPerMinute: 10, perIpPerMinute: 30 };

/** Body of `POST /v1/agents/{id}/chat`: the API channel, server to server (issue 12). */
export const apiChatBodySchema = z
  .strictObject({
    message: z.string().trim().min(1).max(32_000),
    /** Your id for the end user: it finds (or becomes) the client's contact with this `external_id`. */
    external_user_id: z.string().trim().min(1).max(200),
    /** Continue this conversation (it must be this agent's with this user); default: the user's open one. */
    conversation_id: uuidSchema.optional(),
    /** Stream the answer as SSE (the chat stream's events); also with `Accept: text/event-stream`. */
    stream: z.boolean().default(false),
  })
  .meta({ id: 'ApiChatBody' });
export type ApiChatBody = z.infer<typeof apiChatBodySchema>;

/** Answer of `POST /v1/agents/{id}/chat` without streaming: the answer once its run has ended. */
export const apiChatAnswerSchema = z
  .object({
    /** Null when a person holds the conversation (takeover): the message is stored, not answered. */
    run_id: uuidSchema.nullable(),
    conversation_id: uuidSchema,
    contact_id: uuidSchema,
    /** The run's final status, or `held` during a takeover. */
    status: z.enum(['queued', 'running', 'completed', 'failed', 'stopped', 'suspended', 'held']),
    /** The agent's answer; null when the run wrote none (failed, stopped, held). */
    answer: z.string().nullable(),
    message_id: uuidSchema.nullable(),
    usage: z.object({
      tokens_input: z.number().int(),
      tokens_output: z.number().int(),
      cost_usd: z.number(),
    }),
    /** Why the run failed, when it did. */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'ApiChatAnswer' });
export type ApiChatAnswer = z.infer<typeof apiChatAnswerSchema>;
