/** Receives the messages of one topic. */
export type BroadcastListener = (message: string) => void;

/**
 * Small messages to every process of a deployment, this one included: run cancellations, credential
 * invalidations, circuit breaker transitions. Fire and forget: a process that is not subscribed when a
 * message is sent never sees it, so a message must only speed up what a time to live or a database read
 * would do anyway. In memory for one process; over Redis pub/sub (`createRedisChannels`) for several.
 */
export interface Broadcast {
  /** Sends `message` to the topic's subscribers in every process; resolves once it was handed over. */
  publish(topic: string, message: string): Promise<void>;
  /**
   * Starts delivering the topic's messages, in the order they were published from one process;
   * resolves, with the function that stops it, once delivery is active.
   */
  subscribe(topic: string, listener: BroadcastListener): Promise<() => void>;
}

/**
 * Calls each listener with `value`; one failing listener neither stops the others nor reaches the
 * publisher, it is reported to `onError`.
 */
export function deliverToEach<T>(
  listeners: Iterable<(value: T) => void>,
  value: T,
  onError: (error: unknown) => void,
): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      onError(error);
    }
  }
}

/**
 * A {@link Broadcast} inside one process: delivery is synchronous, inside `publish`. Two components
 * given the same instance behave like two processes on one Redis.
 */
export function createMemoryBroadcast(
  options: { onListenerError?: (error: unknown) => void } = {},
): Broadcast {
  const onError = options.onListenerError ?? reportListenerError;
  const topics = new Map<string, Set<BroadcastListener>>();
  return {
    async publish(topic, message) {
      deliverToEach([...(topics.get(topic) ?? [])], message, onError);
    },
    async subscribe(topic, listener) {
      let listeners = topics.get(topic);
      if (!listeners) {
        listeners = new Set();
        topics.set(topic, listeners);
      }
      const own = listeners;
      // A wrapper, so the same function subscribed twice is delivered to twice and removed once.
      const entry: BroadcastListener = (message) => listener(message);
      own.add(entry);
      return () => {
        own.delete(entry);
        if (own.size === 0 && topics.get(topic) === own) topics.delete(topic);
      };
    },
  };
}

/** Default report of a listener that threw: a process warning, so it is never silent. */
export function reportListenerError(error: unknown): void {
  process.emitWarning(
    `A broadcast listener failed: ${error instanceof Error ? error.message : String(error)}`,
    'RenumBroadcastWarning',
  );
}
