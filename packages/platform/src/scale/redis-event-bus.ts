import type { RunEvent } from '@renum/contracts';
import type { EventBus, RunCancelListener } from '../runs/event-bus.ts';
import { deliverToEach } from './broadcast.ts';
import type { RedisConnections } from './redis-connections.ts';

/** Options of {@link createRedisEventBus}. */
export interface RedisEventBusOptions {
  connections: RedisConnections;
  /** Events kept per stream for `recent`. @defaultValue 1024 */
  bufferSize?: number;
  /**
   * How long a stream's buffer outlives its last event. It only has to cover the time between
   * publication and storage (tens of milliseconds), so the default is generous.
   * @defaultValue 300_000 (5 minutes)
   */
  bufferTtlMs?: number;
  /** Told when a watcher or cancel listener throws, or a message cannot be read. */
  onError: (error: unknown) => void;
}

const cancelTopic = 'control:cancel';

/**
 * The event bus of a deployment on Redis (why: `docs/decisions/0011-redis-event-bus-and-shared-state.md`).
 * `publish` is one MULTI on the command connection: `ZADD` into the stream's buffer (a sorted set
 * scored by `seq`, capped at `bufferSize`, expiring `bufferTtlMs` after the last event) and `PUBLISH`
 * on the stream's channel. One connection runs its commands in order, so a process's events reach
 * every watcher in order. Watchers subscribe per stream over the process's one subscriber connection;
 * `recent` is `ZRANGEBYSCORE (afterSeq +inf`. Cancels travel on one control channel that every
 * process subscribes to before this resolves.
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const { connections, onError } = options;
  const { commands, channels, prefix } = connections;
  const bufferSize = options.bufferSize ?? 1024;
  const bufferTtlMs = options.bufferTtlMs ?? 300_000;
  const bufferKey = (streamId: string) => `${prefix}events:${streamId}`;
  const cancelListeners = new Set<RunCancelListener>();
  await channels.subscribe(cancelTopic, (runId) => deliverToEach([...cancelListeners], runId, onError));

  return {
    async publish(streamId, event) {
      const text = JSON.stringify(event);
      const key = bufferKey(streamId);
      const results = await commands
        .multi()
        .zadd(key, event.seq, text)
        .zremrangebyrank(key, 0, -bufferSize - 1)
        .pexpire(key, bufferTtlMs)
        .publish(`${prefix}events:${streamId}`, text)
        .exec();
      const failed = results?.find(([error]) => error !== null);
      if (!results) throw new Error('Redis discarded the publication of a run event');
      if (failed) throw failed[0];
    },
    subscribe(streamId, listener) {
      return channels.subscribe(`events:${streamId}`, (message) => listener(JSON.parse(message) as RunEvent));
    },
    async recent(streamId, afterSeq) {
      const texts = await commands.zrangebyscore(bufferKey(streamId), `(${afterSeq}`, '+inf');
      return texts.map((text) => JSON.parse(text) as RunEvent);
    },
    async publishCancel(runId) {
      await channels.publish(cancelTopic, runId);
    },
    onCancel(listener) {
      const entry: RunCancelListener = (runId) => listener(runId);
      cancelListeners.add(entry);
      return () => cancelListeners.delete(entry);
    },
  };
}
