import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { runRetrievalSourceSchema } from './run-events.ts';

/** The end person a conversation is with (a WhatsApp number, a web visitor, an API caller's user). */
export const contactSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    external_id: z.string().nullable(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

/** Contact given when opening a conversation; matched to an existing one by `external_id`. */
export const contactInputSchema = z
  .object({
    external_id: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
      .optional(),
  })
  .strict();

/** Conversation channels: the agent channels plus the API. */
export const conversationChannelSchema = z.enum(['whatsapp', 'web', 'sms', 'email', 'api']);

/** A conversation as the API returns it. */
export const conversationSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    agent_id: uuidSchema,
    contact_id: uuidSchema.nullable(),
    user_id: uuidSchema.nullable(),
    channel: conversationChannelSchema,
    title: z.string().nullable(),
    status: z.enum(['open', 'closed', 'archived']),
    last_seq: z.number().int(),
    last_message_at: timestampSchema.nullable(),
    /** The person holding the conversation (takeover): the agent does not answer while set. */
    taken_over_by: uuidSchema.nullable(),
    taken_over_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    /**
     * In `GET /v1/conversations` for a person: messages of others after the last one they marked read
     * (a `read` frame), from the stored receipts. Absent for API keys and elsewhere.
     */
    unread_count: z.number().int().min(0).optional(),
  })
  .meta({ id: 'Conversation' });
export type Conversation = z.infer<typeof conversationSchema>;

/** Body of `POST /v1/agents/{id}/conversations`; may be empty. */
export const createConversationSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    contact: contactInputSchema.optional(),
    channel: conversationChannelSchema.optional(),
  })
  .strict();
export type CreateConversation = z.infer<typeof createConversationSchema>;

/** Body of `PATCH /v1/conversations/{id}`: renames the conversation. */
export const updateConversationSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
  })
  .strict();
export type UpdateConversation = z.infer<typeof updateConversationSchema>;

/** Query of `GET /v1/conversations`. */
export const listConversationsQuerySchema = z.object({
  agent_id: uuidSchema.optional(),
  status: z.enum(['open', 'closed', 'archived']).optional(),
  contact_id: uuidSchema.optional(),
  channel: conversationChannelSchema.optional(),
  /** `true`: only conversations a person holds; `false`: only those the agent answers. */
  taken_over: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** Case-insensitive part of the title. */
  q: z.string().trim().min(1).max(200).optional(),
  /**
   * `created`: newest conversation first; `activity`: the one whose last message is newest first (the
   * inbox), a conversation without messages counting from its creation.
   * @defaultValue 'created'
   */
  sort: z.enum(['created', 'activity']).default('created'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

/**
 * The thumbs up or down stored on an assistant answer (`POST /v1/messages/{id}/feedback`, issue 10): one
 * per answer, the latest vote replacing the earlier one.
 */
export const messageFeedbackStateSchema = z
  .object({ rating: z.enum(['up', 'down']), comment: z.string().nullable() })
  .meta({ id: 'MessageFeedbackState' });
export type MessageFeedbackState = z.infer<typeof messageFeedbackStateSchema>;

/** A message of a conversation. `content` holds AI SDK-style parts (text, tool-call, tool-result). */
export const messageSchema = z
  .object({
    id: uuidSchema,
    conversation_id: uuidSchema,
    run_id: uuidSchema.nullable(),
    role: z.enum(['user', 'assistant', 'system', 'tool']),
    text: z.string(),
    content: z.array(z.unknown()),
    sub_agent_id: uuidSchema.nullable(),
    tokens_input: z.number().int(),
    tokens_output: z.number().int(),
    /** The person who wrote it while holding the conversation, and their name then; null for the agent's. */
    author_user_id: uuidSchema.nullable().optional(),
    author_name: z.string().nullable().optional(),
    /** The numbered knowledge sources an assistant answer was given (issue 10); null without any. */
    citations: z.array(runRetrievalSourceSchema).nullable().optional(),
    /** The answer's stored feedback (issue 10); null without any. Absent on a message just written. */
    feedback: messageFeedbackStateSchema.nullable().optional(),
    created_at: timestampSchema,
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof messageSchema>;

/** Query of `GET /v1/conversations/{id}/messages`: oldest first, `cursor` continues after the last one seen. */
export const listMessagesQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * Answer of `POST /v1/conversations/{id}/takeover` and `…/hand-back`: the conversation and the change's
 * message; a takeover also lists the agent's runs it stopped (answers in progress when it was taken over).
 */
export const handoffSchema = z
  .object({
    conversation: conversationSchema,
    message: messageSchema.nullable(),
    stopped_run_ids: z.array(uuidSchema).optional(),
  })
  .meta({ id: 'Handoff' });
export type Handoff = z.infer<typeof handoffSchema>;

/** Body of `POST /v1/conversations/{id}/replies`: what the person holding the conversation answers. */
export const personReplySchema = z.object({ content: z.string().trim().min(1).max(32_000) }).strict();
export type PersonReply = z.infer<typeof personReplySchema>;
