import type { Broadcast, NotificationFeed } from '@renum/platform';
import { publishClientFrame } from './ws-hub.ts';

/**
 * The platform's notification feed over the broadcast port (ADR 0061): each committed change becomes a
 * frame on the client's topic, delivered to that client's connections in every process and to no other
 * client's (the hub's topics are per client).
 */
export function broadcastNotificationFeed(broadcast: Broadcast): NotificationFeed {
  return { publish: (clientId, change) => publishClientFrame(broadcast, clientId, change) };
}
