import type { WsServerFrame } from '@renum/contracts';
import { conversations, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { conversationToWire } from './conversation-id.ts';

/** The frame a conversation's change is told with (the handoff's, ADR 0021; its activity's, ADR 0068). */
export type ConversationChange = Extract<WsServerFrame, { type: 'conversation' }>;

/**
 * Where a conversation's committed changes go: the server hands them to the client's WebSocket connections
 * in every process (the broadcast port), never to another client's. Absent: nobody is told (the inbox
 * polls while its socket is down, and reads again on focus).
 */
export interface ConversationFeed {
  publish(clientId: string, change: ConversationChange): Promise<void>;
}

/** What announcing a conversation's activity needs from the platform's dependencies. */
export type ConversationSink = Pick<PlatformDeps, 'db' | 'conversationFeed' | 'logger' | 'failures'>;

/**
 * Tells the client's connections that a conversation's activity changed (a run of it finished, with or
 * without an answer stored), once that was committed: the conversation as it is now, so a list that does
 * not follow the conversation (the inbox) reads again. Fire and forget: a failure is logged and counted
 * as `conversation.publish`, and the stored rows stay the truth.
 */
export function announceConversationActivity(
  sink: ConversationSink,
  options: {
    clientId: string;
    conversationId: string;
    /**
     * The conversation's row as the committed transaction left it, when that transaction returned it (a
     * run's settlement does, ADR 0070): then nothing is read.
     */
    conversation?: typeof conversations.$inferSelect | null | undefined;
  },
): void {
  const feed = sink.conversationFeed;
  if (!feed) return;
  const { clientId, conversationId } = options;
  const row = options.conversation
    ? Promise.resolve(options.conversation)
    : withClient(sink.db, clientId, (tx) =>
        tx.select().from(conversations).where(eq(conversations.id, conversationId)),
      ).then(([found]) => found);
  row
    .then((found) =>
      found
        ? feed.publish(clientId, { type: 'conversation', conversation: conversationToWire(found) })
        : undefined,
    )
    .catch((error: unknown) =>
      reportFailure(sink, 'conversation.publish', error, {
        client_id: clientId,
        conversation_id: conversationId,
      }),
    );
}
