import { deserialize, serialize } from 'node:v8';
import { Redis } from 'ioredis';
import type { JobRow } from './claim-jobs.ts';
import { startPeriodicTask } from './periodic-task.ts';

/**
 * A job handed straight to one worker (ADR 0073): its row as the enqueueing process stored it, claimed
 * for that worker, and what the enqueuer attached for the handler (never a secret).
 */
export interface DirectDelivery {
  row: JobRow;
  attachment: unknown;
}

/**
 * The live workers of each queue, in Redis, and a channel per worker (ADR 0073). A worker announces
 * itself every `announceMs` (a sorted set per queue, scored by the time) and listens on its own channel;
 * any process picks a worker announced within `staleMs`, round robin, and publishes a delivery to it.
 * Nothing here is the truth: a delivery that no one receives is said so (`send` answers false), and one
 * received by a worker that then dies is a claimed row whose lease expires, as after any crash.
 */
export interface WorkerDirectory {
  /** A worker of `queue` other than this process, announced lately, or undefined. */
  pick(queue: string): string | undefined;
  /** Publishes to `worker`'s channel: true when a subscriber received it. */
  send(worker: string, delivery: DirectDelivery): Promise<boolean>;
  /** Announces this process as a worker of `queues` and hands each delivery it receives to `receive`. */
  listen(queues: readonly string[], receive: (delivery: DirectDelivery) => void): Promise<void>;
  /** Stops announcing (and takes this process out of the sets), stops listening, closes Redis. */
  close(): Promise<void>;
}

/** Options of {@link createWorkerDirectory}. */
export interface WorkerDirectoryOptions {
  redisUrl: string;
  /** Of every key and channel (`<prefix>:workers:<queue>`, `<prefix>:direct:<process>`). */
  prefix: string;
  processId: string;
  onError: (step: string) => (error: unknown) => void;
  /** @defaultValue 1000 */
  announceMs?: number;
  /** A worker not announced for this long is not picked. @defaultValue 3 × `announceMs` */
  staleMs?: number;
}

/** Opens the directory; the set of a queue is read every `announceMs` once a first `pick` asked for it. */
export function createWorkerDirectory(options: WorkerDirectoryOptions): WorkerDirectory {
  const announceMs = options.announceMs ?? 1000;
  const staleMs = options.staleMs ?? 3 * announceMs;
  // Commands fail fast when Redis is away: a delivery not sent is handed to BullMQ by the caller.
  const commands = new Redis(options.redisUrl, {
    maxRetriesPerRequest: 1,
    connectionName: 'renum-directory',
  });
  commands.on('error', options.onError('directory'));
  let subscriber: Redis | null = null;
  const setKey = (queue: string) => `${options.prefix}:workers:${queue}`;
  const channel = (worker: string) => `${options.prefix}:direct:${worker}`;
  const known = new Map<string, string[]>();
  let turn = 0;
  let closed = false;
  let listening: readonly string[] = [];

  async function refresh(): Promise<void> {
    const since = Date.now() - staleMs;
    const queues = [...known.keys()];
    // Nothing asked for and nothing to announce (a process that never hands a job over): no round trip.
    if (queues.length === 0 && listening.length === 0) return;
    const pipeline = commands.pipeline();
    for (const queue of listening) pipeline.zadd(setKey(queue), Date.now(), options.processId);
    for (const queue of queues) pipeline.zrangebyscore(setKey(queue), since, '+inf');
    for (const queue of queues) pipeline.zremrangebyscore(setKey(queue), '-inf', since - 60_000);
    const answers = (await pipeline.exec()) ?? [];
    queues.forEach((queue, index) => {
      const [error, members] = answers[listening.length + index] ?? [null, []];
      if (error) throw error;
      known.set(
        queue,
        (members as string[]).filter((member) => member !== options.processId),
      );
    });
  }
  const stopRefreshing = startPeriodicTask({
    task: refresh,
    intervalMs: announceMs,
    onError: options.onError('directory'),
  });

  return {
    pick(queue) {
      const workers = known.get(queue);
      if (!workers) {
        // Asked for the first time: read from now on (this delivery goes the usual way).
        known.set(queue, []);
        if (!closed) refresh().catch(options.onError('directory'));
        return undefined;
      }
      if (workers.length === 0) return undefined;
      turn = (turn + 1) % workers.length;
      return workers[turn];
    },
    async send(worker, delivery) {
      const receivers = await commands.publish(channel(worker), serialize(delivery));
      return receivers > 0;
    },
    async listen(queues, receive) {
      const opened = new Redis(options.redisUrl, { connectionName: 'renum-direct' });
      opened.on('error', options.onError('directory'));
      subscriber = opened;
      opened.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
        try {
          receive(deserialize(message) as DirectDelivery);
        } catch (error) {
          options.onError('direct')(error);
        }
      });
      await opened.subscribe(channel(options.processId));
      listening = queues;
      await refresh();
    },
    async close() {
      closed = true;
      stopRefreshing();
      const leaving = listening;
      listening = [];
      if (leaving.length > 0) {
        const pipeline = commands.pipeline();
        for (const queue of leaving) pipeline.zrem(setKey(queue), options.processId);
        await pipeline.exec().catch(options.onError('directory'));
      }
      await Promise.all(
        [subscriber, commands].map((connection) =>
          connection?.quit().then(
            () => undefined,
            () => connection.disconnect(),
          ),
        ),
      );
    },
  };
}
