import type { Redis } from 'ioredis';
import { type Broadcast, type BroadcastListener, deliverToEach } from './broadcast.ts';

/**
 * A {@link Broadcast} over Redis pub/sub, with the process's one subscriber connection shared by every
 * listener: a channel is subscribed when its first listener arrives and unsubscribed when its last
 * leaves. Every topic is the channel `<prefix><topic>`. Redis delivers the messages of one channel in
 * the order the server received them, so messages published over one connection keep their order.
 */
export function createRedisChannels(options: {
  /** Connection for PUBLISH. */
  commands: Redis;
  /** Connection in subscriber mode, used by nothing else. */
  subscriber: Redis;
  prefix: string;
  /** Told when a listener throws or an UNSUBSCRIBE fails. */
  onError: (error: unknown) => void;
}): Broadcast {
  const { commands, subscriber, prefix, onError } = options;
  const channels = new Map<string, Set<BroadcastListener>>();
  // The SUBSCRIBE in flight for each channel; later listeners of the channel wait for it too.
  const subscribing = new Map<string, Promise<unknown>>();

  subscriber.on('message', (channel: string, message: string) => {
    const listeners = channels.get(channel);
    if (listeners) deliverToEach([...listeners], message, onError);
  });

  const release = (channel: string, listeners: Set<BroadcastListener>, entry: BroadcastListener) => {
    listeners.delete(entry);
    if (listeners.size > 0 || channels.get(channel) !== listeners) return;
    channels.delete(channel);
    subscribing.delete(channel);
    // Commands on one connection run in order: a SUBSCRIBE issued after this one wins.
    subscriber.unsubscribe(channel).catch(onError);
  };

  return {
    async publish(topic, message) {
      await commands.publish(`${prefix}${topic}`, message);
    },
    async subscribe(topic, listener) {
      const channel = `${prefix}${topic}`;
      let listeners = channels.get(channel);
      if (!listeners) {
        listeners = new Set();
        channels.set(channel, listeners);
        subscribing.set(channel, subscriber.subscribe(channel));
      }
      const own = listeners;
      const entry: BroadcastListener = (message) => listener(message);
      own.add(entry);
      try {
        await subscribing.get(channel);
      } catch (error) {
        release(channel, own, entry);
        throw error;
      }
      return () => release(channel, own, entry);
    },
  };
}
