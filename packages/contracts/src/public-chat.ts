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
