import {
  AppError,
  type Message,
  type RunEvent,
  type WsClientFrame,
  type WsErrorCode,
  wsClientFrameSchema,
} from '@renum/contracts';
import {
  followExecutionEvents,
  followRunEvents,
  getConversation,
  getExecution,
  listMessagesSince,
  listRunMessages,
  markMessageRead,
  type PlatformDeps,
  type Principal,
  type RunDeps,
  type RunManager,
  sendMessage,
} from '@renum/platform';
import type { FastifyBaseLogger } from 'fastify';
import type { WsChannel } from './ws-channel.ts';
import type { WsHub, WsPeer } from './ws-hub.ts';
import type { WsLimits } from './ws-limits.ts';

/** What a session needs from the server. */
export interface WsSessionContext {
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
  hub: WsHub;
  limits: WsLimits;
  log: FastifyBaseLogger;
}

/** Messages a connection remembers having sent, so a message reached twice (live, then sync) goes once. */
const rememberedMessages = 2000;

/**
 * One authenticated connection: answers the client's frames (seed 003 and Renum's additions) and
 * forwards the run events and messages of the conversations it follows. Every frame is validated; a bad
 * one is answered `VALIDATION_ERROR` and the connection stays usable; a failed action is answered with
 * its error code and changes nothing.
 */
export function createWsSession(context: WsSessionContext, principal: Principal, channel: WsChannel) {
  const { deps, hub } = context;
  const clientId = principal.clientId!;
  const actorId = principal.userId ?? principal.apiKeyId ?? 'unknown';
  const subscriptions = new Map<string, AbortController>();
  const sentMessages = new Set<string>();
  const typingChecked = new Set<string>();

  const sendError = (code: WsErrorCode, error: string, extra: Record<string, unknown> = {}) =>
    channel.send({ type: 'error', error, code, ...extra });

  const sendMessages = (messages: Message[]) => {
    for (const message of messages) {
      if (sentMessages.has(message.id)) continue;
      sentMessages.add(message.id);
      if (sentMessages.size > rememberedMessages) sentMessages.delete(sentMessages.values().next().value!);
      channel.send({ type: 'message', message });
    }
  };

  // Messages from the client's topic go through the same de-duplication as the followed conversations'.
  const peer: WsPeer = {
    clientId,
    userId: principal.userId,
    send: (frame) => (frame.type === 'message' ? sendMessages([frame.message]) : channel.send(frame)),
  };

  /** A run's start brings the message it answers, its completion the answer: both go as `message`. */
  const onRunEvent = (event: RunEvent) => {
    channel.send({ type: 'event', event });
    const starts = event.type === 'status' && event.status === 'running' && !event.resumed;
    if (!starts && event.type !== 'complete') return;
    listRunMessages(deps, { clientId, runId: event.run_id }).then(
      (messages) => sendMessages(messages as Message[]),
      (error: unknown) =>
        context.log.error({ err: error, run_id: event.run_id }, 'ws: run messages not read'),
    );
  };

  const follow = (conversationId: string, afterSeq: number) => {
    subscriptions.get(conversationId)?.abort();
    const controller = new AbortController();
    subscriptions.set(conversationId, controller);
    channel.send({ type: 'subscribed', conversation_id: conversationId, after_seq: afterSeq });
    followRunEvents({
      db: deps.db,
      bus: context.run.bus,
      clientId,
      streamId: conversationId,
      afterSeq,
      onEvent: onRunEvent,
      signal: AbortSignal.any([controller.signal, channel.signal]),
    }).then(
      () => {
        if (subscriptions.get(conversationId) === controller) subscriptions.delete(conversationId);
      },
      (error: unknown) => {
        subscriptions.delete(conversationId);
        context.log.error(
          { err: error, conversation_id: conversationId },
          'ws: following a conversation failed',
        );
        sendError('INTERNAL_ERROR', 'Following the conversation failed; subscribe again', {
          conversation_id: conversationId,
        });
      },
    );
  };

  /** Follows a team execution's events (404 for another client's), numbered as its SSE stream numbers them. */
  const followExecution = async (executionId: string, afterSeq: number) => {
    const key = `execution:${executionId}`;
    if (!subscriptions.has(key) && subscriptions.size >= context.limits.maxSubscriptions) {
      throw new AppError('VALIDATION_ERROR', `At most ${context.limits.maxSubscriptions} subscriptions`);
    }
    const execution = await getExecution(deps, { principal, executionId });
    subscriptions.get(key)?.abort();
    const controller = new AbortController();
    subscriptions.set(key, controller);
    channel.send({ type: 'execution_subscribed', execution_id: execution.id, after_seq: afterSeq });
    followExecutionEvents({
      db: deps.db,
      bus: context.run.bus,
      clientId,
      executionId: execution.id,
      afterSeq,
      onEvent: (event) => channel.send({ type: 'execution_event', event }),
      signal: AbortSignal.any([controller.signal, channel.signal]),
    }).then(
      () => {
        if (subscriptions.get(key) === controller) subscriptions.delete(key);
      },
      (error: unknown) => {
        subscriptions.delete(key);
        context.log.error({ err: error, execution_id: execution.id }, 'ws: following an execution failed');
        sendError('INTERNAL_ERROR', 'Following the execution failed; subscribe again', {
          execution_id: execution.id,
        });
      },
    );
  };

  /** Checks the conversation is the client's (404 otherwise) and follows it after `afterSeq` (default: now). */
  const subscribe = async (conversationId: string, afterSeq?: number) => {
    if (!subscriptions.has(conversationId) && subscriptions.size >= context.limits.maxSubscriptions) {
      throw new AppError('VALIDATION_ERROR', `At most ${context.limits.maxSubscriptions} subscriptions`);
    }
    const conversation = await getConversation(deps, { principal, conversationId });
    follow(conversation.id, afterSeq ?? conversation.last_seq);
  };

  const handlers: {
    [T in WsClientFrame['type']]: (frame: Extract<WsClientFrame, { type: T }>) => Promise<void>;
  } = {
    async ping() {
      channel.send({ type: 'pong' });
    },
    async presence(frame) {
      hub.setStatus(peer, frame.status);
    },
    async subscribe(frame) {
      await subscribe(frame.conversation_id.toLowerCase(), frame.after_seq);
    },
    async unsubscribe(frame) {
      const id = frame.conversation_id.toLowerCase();
      subscriptions.get(id)?.abort();
      subscriptions.delete(id);
      channel.send({ type: 'unsubscribed', conversation_id: id });
    },
    async subscribe_execution(frame) {
      await followExecution(frame.execution_id.toLowerCase(), frame.after_seq ?? 0);
    },
    async unsubscribe_execution(frame) {
      const id = frame.execution_id.toLowerCase();
      subscriptions.get(`execution:${id}`)?.abort();
      subscriptions.delete(`execution:${id}`);
      channel.send({ type: 'execution_unsubscribed', execution_id: id });
    },
    async message(frame) {
      const started = await sendMessage(deps, {
        principal,
        run: context.run,
        manager: context.manager,
        conversationId: frame.conversation_id,
        content: frame.content,
      });
      // Every person of the client sees a new message at once, followed or not (the inbox's list is live);
      // held for a person who took the conversation over, it is shown and not answered.
      hub.publish(clientId, { type: 'message', message: started.message as Message });
      if (!started.run) return;
      if (!subscriptions.has(started.conversation.id)) follow(started.conversation.id, started.after_seq);
    },
    async typing(frame) {
      // Checked once per connection: a conversation never changes client, and typing is never stored.
      const id = frame.conversation_id.toLowerCase();
      if (!typingChecked.has(id)) {
        await getConversation(deps, { principal, conversationId: id });
        if (typingChecked.size >= context.limits.maxSubscriptions) typingChecked.clear();
        typingChecked.add(id);
      }
      hub.publish(clientId, {
        type: 'typing',
        user_id: actorId,
        conversation_id: id,
        is_typing: frame.is_typing,
      });
    },
    async read(frame) {
      const receipt = await markMessageRead(deps, {
        principal,
        conversationId: frame.conversation_id,
        messageId: frame.message_id,
      });
      hub.publish(clientId, { type: 'read', ...receipt });
    },
    async sync(frame) {
      for (const position of frame.conversations ?? []) {
        await subscribe(position.conversation_id.toLowerCase(), position.after_seq);
      }
      if (frame.last_message_id === undefined && frame.conversations) return;
      const messages = (await listMessagesSince(deps, {
        principal,
        lastMessageId: frame.last_message_id,
      })) as Message[];
      for (const message of messages) sentMessages.add(message.id);
      channel.send({ type: 'sync_data', messages });
    },
  };

  const handle = async (raw: string) => {
    if (!channel.admit()) {
      sendError('RATE_LIMITED', 'Too many frames; slow down');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      sendError('VALIDATION_ERROR', 'Invalid message format');
      return;
    }
    const frame = wsClientFrameSchema.safeParse(parsed);
    if (!frame.success) {
      sendError('VALIDATION_ERROR', 'Invalid message format', {
        details: frame.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      });
      return;
    }
    try {
      await (handlers[frame.data.type] as (value: WsClientFrame) => Promise<void>)(frame.data);
    } catch (error) {
      if (AppError.isInstance(error)) {
        const about = 'conversation_id' in frame.data ? { conversation_id: frame.data.conversation_id } : {};
        sendError(error.code, error.message, { frame: frame.data.type, ...about, ...error.context });
        return;
      }
      context.log.error({ err: error, frame: frame.data.type }, 'ws: frame failed');
      sendError('INTERNAL_ERROR', 'Internal error', { frame: frame.data.type });
    }
  };

  return {
    peer,
    handle,
    /** Stops following everything (the socket closed). */
    close() {
      for (const controller of subscriptions.values()) controller.abort();
      subscriptions.clear();
    },
  };
}
