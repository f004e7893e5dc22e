import type { Broadcast, ConversationFeed } from '@renum/platform';
import { publishClientFrame } from './ws-hub.ts';

/**
 * The platform's conversation feed over the broadcast port (ADR 0068): a conversation whose run finished
 * becomes a `conversation` frame on its client's topic, delivered to that client's connections in every
 * process and to no other client's (the hub's topics are per client).
 */
export function broadcastConversationFeed(broadcast: Broadcast): ConversationFeed {
  return { publish: (clientId, change) => publishClientFrame(broadcast, clientId, change) };
}
