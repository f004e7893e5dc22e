import { z } from 'zod';
import { uuidSchema } from './common.ts';
import { conversationSchema, messageSchema } from './conversations.ts';
import { type ErrorCode, errorStatus } from './errors.ts';
import { documentErrorCodeSchema } from './knowledge.ts';
import { notificationSchema } from './limits.ts';
import { runEventSchema } from './run-events.ts';
import { teamExecutionEventSchema } from './teams.ts';

/**
 * Frames of the WebSocket at `GET /ws` (seed 003, part 1). The seed's frames keep their names and fields
 * exactly; what Renum adds (subscriptions, run events, per-conversation sync, read broadcasts) is additive.
 */

/** Longest text a `message` frame may carry, as `POST …/messages` allows. */
const contentSchema = z.string().trim().min(1).max(32_000);

/** A conversation and the last sequence number its client saw: everything after it comes, once, in order. */
export const wsStreamPositionSchema = z.object({
  conversation_id: uuidSchema,
  after_seq: z.number().int().min(0),
});
export type WsStreamPosition = z.infer<typeof wsStreamPositionSchema>;

/** Client → server frames: the seed's five, then Renum's `presence`, `subscribe` and `unsubscribe`. */
export const wsClientFrameSchema = z.discriminatedUnion('type', [
  /** Sends a message as `POST /v1/conversations/{id}/messages` does (same admission, quotas, 409 when busy). */
  z.object({ type: z.literal('message'), conversation_id: uuidSchema, content: contentSchema }).strict(),
  /** Tells the other people of the client that this person is (or stopped) typing; never stored. */
  z.object({ type: z.literal('typing'), conversation_id: uuidSchema, is_typing: z.boolean() }).strict(),
  /** Marks a message read by this person: stored, and broadcast to the client's people. */
  z.object({ type: z.literal('read'), conversation_id: uuidSchema, message_id: uuidSchema }).strict(),
  /**
   * Asks for what was missed: `last_message_id` answers `sync_data` with the client's messages after it;
   * `conversations` resumes each conversation's run events after `after_seq` (and follows them live).
   */
  z
    .object({
      type: z.literal('sync'),
      last_message_id: uuidSchema.optional(),
      conversations: z.array(wsStreamPositionSchema).max(100).optional(),
    })
    .strict(),
  z.object({ type: z.literal('ping') }).strict(),
  /**
   * Sets this connection `away` (the tab is hidden, the person idle) or back `online`; a person is away
   * when every connection of theirs is. Every connection starts online.
   */
  z.object({ type: z.literal('presence'), status: z.enum(['online', 'away']) }).strict(),
  /** Follows a conversation's run events (after `after_seq`, default: from now). */
  z
    .object({
      type: z.literal('subscribe'),
      conversation_id: uuidSchema,
      after_seq: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe'), conversation_id: uuidSchema }).strict(),
  /** Follows a team execution's events (after `after_seq`, default 0: all of them), as its SSE stream does. */
  z
    .object({
      type: z.literal('subscribe_execution'),
      execution_id: uuidSchema,
      after_seq: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ type: z.literal('unsubscribe_execution'), execution_id: uuidSchema }).strict(),
]);
export type WsClientFrame = z.infer<typeof wsClientFrameSchema>;

/** Presence of a person among the people of the same client. */
export const wsPresenceStatusSchema = z.enum(['online', 'offline', 'away']);
export type WsPresenceStatus = z.infer<typeof wsPresenceStatusSchema>;

/** Error codes a WebSocket `error` frame carries: the seed's three plus every API code. */
export const wsErrorCodeSchema = z.enum([
  ...(Object.keys(errorStatus) as ErrorCode[]),
  'CONNECTION_ERROR',
  'SLOW_CONSUMER',
]);
export type WsErrorCode = z.infer<typeof wsErrorCodeSchema>;

/**
 * Server → client frames: the seed's seven, then Renum's `event`, `subscribed`, `unsubscribed`,
 * `conversation`, `read`, `knowledge_progress`, `notification`, `notifications_read`.
 */
export const wsServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), user_id: z.string().nullable() }),
  /** A message stored in a conversation the connection follows (a person's, the end user's or the agent's). */
  z.object({ type: z.literal('message'), message: messageSchema }),
  z.object({
    type: z.literal('typing'),
    user_id: z.string(),
    conversation_id: uuidSchema,
    is_typing: z.boolean(),
  }),
  z.object({ type: z.literal('presence'), user_id: z.string(), status: wsPresenceStatusSchema }),
  z.object({ type: z.literal('sync_data'), messages: z.array(messageSchema) }),
  z.object({ type: z.literal('error'), error: z.string(), code: wsErrorCodeSchema }).catchall(z.unknown()),
  z.object({ type: z.literal('pong') }),
  /** A run event, exactly as SSE and the stored log carry it (same `seq`). */
  z.object({ type: z.literal('event'), event: runEventSchema }),
  /** The subscription is active: events after `after_seq` follow. */
  z.object({ type: z.literal('subscribed'), conversation_id: uuidSchema, after_seq: z.number().int() }),
  z.object({ type: z.literal('unsubscribed'), conversation_id: uuidSchema }),
  /** A team execution's event, exactly as its SSE stream carries it (same `seq`). */
  z.object({ type: z.literal('execution_event'), event: teamExecutionEventSchema }),
  z.object({
    type: z.literal('execution_subscribed'),
    execution_id: uuidSchema,
    after_seq: z.number().int(),
  }),
  z.object({ type: z.literal('execution_unsubscribed'), execution_id: uuidSchema }),
  /**
   * A conversation of the client changed, as it is now: it changed hands (taken over by a person, or
   * handed back to its agent), or a run of it finished (its answer stored, or it failed or stopped; ADR
   * 0068). Sent to every connection of the client, following the conversation or not, never to another
   * client's; the inbox reads its list again on it.
   */
  z.object({ type: z.literal('conversation'), conversation: conversationSchema }),
  /** A person read a message (stored). */
  z.object({
    type: z.literal('read'),
    user_id: z.string(),
    conversation_id: uuidSchema,
    message_id: uuidSchema,
    read_at: z.string(),
  }),
  /**
   * Where a document's ingestion is (issue 10), sent to every connection of the client after each step
   * the worker committed (processing, every indexed batch, ready, failed), from whichever process holds
   * the job. The same figures `GET /v1/knowledge-bases/{id}/documents` answers.
   */
  z.object({
    type: z.literal('knowledge_progress'),
    knowledge_base_id: uuidSchema,
    document_id: uuidSchema,
    version: z.number().int(),
    status: z.enum(['processing', 'ready', 'failed']),
    progress: z.number().int().min(0).max(100),
    chunks_done: z.number().int(),
    chunks_total: z.number().int().nullable(),
    error: z.string().nullable(),
    /** The failure's stable code, as on the document; null unless `status` is `failed`. */
    error_code: documentErrorCodeSchema.nullable(),
  }),
  /**
   * A notification of the client was stored (issue 17, ADR 0061): sent once its transaction committed, to
   * every connection of the client in every process (notifications are the whole team's, not a person's),
   * never to another client's. The same shape `GET /v1/notifications` answers.
   */
  z.object({ type: z.literal('notification'), notification: notificationSchema }),
  /**
   * Notifications of the client were marked read (by anyone of the team): `notification_id` names the one,
   * null when every unread one was (`POST /v1/notifications/read-all`). Other tabs' badges drop on it.
   */
  z.object({
    type: z.literal('notifications_read'),
    notification_id: uuidSchema.nullable(),
    read_at: z.string(),
  }),
]);
export type WsServerFrame = z.infer<typeof wsServerFrameSchema>;

/** Close codes `/ws` uses besides the standard ones. */
export const wsCloseCodes = {
  /** Invalid or expired token or ticket (reason "Invalid token"), or an Origin not allowed. */
  policyViolation: 1008,
  /** A frame above the maximum size. */
  tooLarge: 1009,
  /** The process is stopping; reconnect (to another one). */
  goingAway: 1001,
  /** The client did not read fast enough: its send buffer reached the limit. */
  slowConsumer: 1013,
  /** No pong to the server's heartbeat in time. */
  idle: 4000,
} as const;

/** Answer of `POST /v1/ws-tickets`: a short-lived single-use credential for `GET /ws?ticket=`. */
export const wsTicketSchema = z
  .object({ ticket: z.string(), expires_in: z.number().int() })
  .meta({ id: 'WsTicket' });
export type WsTicket = z.infer<typeof wsTicketSchema>;
