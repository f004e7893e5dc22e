import type {
  Conversation,
  CreateConversation,
  Handoff,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  Message,
  RunEvent,
  SentMessage,
  UpdateConversation,
} from '@renum/contracts';
import type { z } from 'zod';
import { followRunEventStream, type RunEventStreamOptions } from '../run-event-stream.ts';
import { segment, type Transport } from '../transport.ts';
import type { Page } from './page.ts';

/** Conversations with agents. */
export function createConversationsApi(transport: Transport) {
  return {
    /** Opens a conversation with an agent; the body may be empty. */
    create: (agentId: string, input: CreateConversation = {}) =>
      transport.json<Conversation>({
        method: 'POST',
        path: `/v1/agents/${segment(agentId)}/conversations`,
        body: input,
      }),
    list: (
      query: Partial<z.output<typeof listConversationsQuerySchema>> = {},
      options: { signal?: AbortSignal } = {},
    ) => transport.json<Page<Conversation>>({ method: 'GET', path: '/v1/conversations', query, ...options }),
    get: (id: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<Conversation>({ method: 'GET', path: `/v1/conversations/${segment(id)}`, ...options }),
    /** Renames the conversation. */
    update: (id: string, input: UpdateConversation) =>
      transport.json<Conversation>({
        method: 'PATCH',
        path: `/v1/conversations/${segment(id)}`,
        body: input,
      }),
    /** Deletes the conversation with its messages and runs; 409 `CONFLICT` while an answer is in progress. */
    delete: (id: string) =>
      transport.json<void>({ method: 'DELETE', path: `/v1/conversations/${segment(id)}` }),
    /** Takes the conversation over from its agent (owners and admins); 409 when someone else holds it. */
    takeOver: (id: string) =>
      transport.json<Handoff>({ method: 'POST', path: `/v1/conversations/${segment(id)}/takeover` }),
    /** Hands the conversation back to its agent. */
    handBack: (id: string) =>
      transport.json<Handoff>({ method: 'POST', path: `/v1/conversations/${segment(id)}/hand-back` }),
    /** Replies to the end user as the person holding the conversation. */
    reply: (id: string, content: string) =>
      transport.json<Message>({
        method: 'POST',
        path: `/v1/conversations/${segment(id)}/replies`,
        body: { content },
      }),
  };
}

/** Messages of a conversation, and sending one (which starts a run). */
export function createMessagesApi(transport: Transport) {
  const path = (conversationId: string) => `/v1/conversations/${segment(conversationId)}/messages`;
  return {
    /** Oldest first. */
    list: (
      conversationId: string,
      query: Partial<z.output<typeof listMessagesQuerySchema>> = {},
      options: { signal?: AbortSignal } = {},
    ) => transport.json<Page<Message>>({ method: 'GET', path: path(conversationId), query, ...options }),
    /**
     * Sends a message and answers at once with the queued run (202); watch it with `runs.events`. With
     * `idempotencyKey`, a retry of the same send (after a dropped connection) answers the first run.
     */
    send: (conversationId: string, content: string, options: { idempotencyKey?: string } = {}) =>
      transport.json<SentMessage>({
        method: 'POST',
        path: path(conversationId),
        body: { content },
        ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
      }),
    /**
     * Sends a message and streams the run's events as they happen, resuming on its own after a dropped
     * connection, until the run's terminal event.
     */
    stream: (
      conversationId: string,
      content: string,
      options: RunEventStreamOptions = {},
    ): AsyncGenerator<RunEvent> =>
      followRunEventStream(
        transport,
        () =>
          transport.open({
            method: 'POST',
            path: path(conversationId),
            body: { content },
            headers: { accept: 'text/event-stream' },
            ...(options.signal ? { signal: options.signal } : {}),
          }),
        options,
      ),
  };
}
