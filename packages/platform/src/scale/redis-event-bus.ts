import { isTerminalRunEvent, type RunEvent } from '@renum/contracts';
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
 * `publish` is one MULTI on the command connection per stream and event-loop turn (the events a run emits
 * in one turn, often several streamed chunks, travel together, ADR 0029): `ZADD` into the stream's buffer (a sorted set
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

  const publish = batchPerTick((streamId, events) => publishBatch(streamId, events));
  async function publishBatch(streamId: string, events: readonly RunEvent[]): Promise<void> {
    const texts = events.map((event) => JSON.stringify(event));
    const key = bufferKey(streamId);
    const members = events.flatMap((event, index) => [event.seq, texts[index]!]);
    // One event travels as itself, several as one array (watchers read both).
    const message = texts.length === 1 ? texts[0]! : `[${texts.join(',')}]`;
    const results = await commands
      .multi()
      .zadd(key, ...members)
      .zremrangebyrank(key, 0, -bufferSize - 1)
      .pexpire(key, bufferTtlMs)
      .publish(`${prefix}events:${streamId}`, message)
      .exec();
    const failed = results?.find(([error]) => error !== null);
    if (!results) throw new Error('Redis discarded the publication of a run event');
    if (failed) throw failed[0];
  }

  return {
    publish,
    subscribe(streamId, listener) {
      return channels.subscribe(`events:${streamId}`, (message) => {
        const parsed = JSON.parse(message) as RunEvent | RunEvent[];
        for (const event of Array.isArray(parsed) ? parsed : [parsed]) listener(event);
      });
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

/**
 * Gathers the publications of one event-loop turn per stream and sends each stream's as one batch, in
 * order (batches of one stream are sent one after the other). Each call resolves or rejects with its batch.
 */
function batchPerTick(
  send: (streamId: string, events: readonly RunEvent[]) => Promise<void>,
): (streamId: string, event: RunEvent) => Promise<void> {
  const waiting = new Map<string, Array<{ event: RunEvent; done: PromiseWithResolvers<void> }>>();
  let scheduled = false;
  const sendEntries = (
    streamId: string,
    entries: Array<{ event: RunEvent; done: PromiseWithResolvers<void> }>,
  ) =>
    send(
      streamId,
      entries.map((entry) => entry.event),
    ).then(
      () => {
        for (const entry of entries) entry.done.resolve();
      },
      (error: unknown) => {
        for (const entry of entries) entry.done.reject(error);
      },
    );
  const flush = () => {
    scheduled = false;
    const batches = [...waiting];
    waiting.clear();
    for (const [streamId, entries] of batches) sendEntries(streamId, entries);
  };
  return (streamId, event) => {
    const done = Promise.withResolvers<void>();
    const entries = waiting.get(streamId);
    if (entries) entries.push({ event, done });
    else waiting.set(streamId, [{ event, done }]);
    if (isTerminalRunEvent(event)) {
      // The stream's last event (published once its settlement committed) leaves at once, with what of the
      // stream waits for this turn: nothing comes after it to gather, and the answer ends when it arrives.
      const batch = waiting.get(streamId)!;
      waiting.delete(streamId);
      sendEntries(streamId, batch);
      return done.promise;
    }
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    return done.promise;
  };
}
