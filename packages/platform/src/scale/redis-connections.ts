import { Redis } from 'ioredis';
import type { Broadcast } from './broadcast.ts';
import { createRedisChannels } from './redis-channels.ts';

/** Options of {@link openRedisConnections}. */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /**
   * Put before every key and channel name, so deployments (and test suites) sharing one Redis never
   * see each other's data; include the separator (`renum:`).
   */
  prefix: string;
  /** Told of connection errors and of failures no caller awaits. */
  onError: (error: unknown) => void;
  /**
   * How often a command is retried across reconnections before it fails, so a Redis outage fails
   * requests in seconds instead of holding them.
   * @defaultValue 3
   */
  maxRetriesPerRequest?: number;
}

/** The Redis connections of one process: one for commands, one in subscriber mode. */
export interface RedisConnections {
  /** Commands (GET, SET, EVALSHA, PUBLISH...); keys must start with {@link prefix}. */
  readonly commands: Redis;
  /** Pub/sub over the subscriber connection, topics under {@link prefix}. */
  readonly channels: Broadcast;
  readonly prefix: string;
  /** Ends both connections gracefully (`QUIT`, after the commands already sent are answered). */
  close(): Promise<void>;
}

/**
 * Opens this process's Redis connections and waits until both are ready, so a wrong URL fails the
 * boot with a readable error instead of the first request.
 */
export async function openRedisConnections(options: RedisConnectionOptions): Promise<RedisConnections> {
  const settings = {
    lazyConnect: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 3,
    connectTimeout: 5000,
  };
  const commands = new Redis(options.url, { ...settings, connectionName: 'renum-commands' });
  const subscriber = new Redis(options.url, { ...settings, connectionName: 'renum-subscriber' });
  commands.on('error', options.onError);
  subscriber.on('error', options.onError);
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new Error(`Redis at ${redactUrl(options.url)} is unreachable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    commands,
    channels: createRedisChannels({ commands, subscriber, prefix: options.prefix, onError: options.onError }),
    prefix: options.prefix,
    async close() {
      await Promise.all(
        [commands, subscriber].map((connection) =>
          connection.quit().then(
            () => undefined,
            () => connection.disconnect(),
          ),
        ),
      );
    },
  };
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
