import type { RunEvent } from '@renum/contracts';
import { deliverToEach, reportListenerError } from '../scale/broadcast.ts';

/** Receives the events of one stream (a conversation) as they are published. */
export type RunEventListener = (event: RunEvent) => void;

/** Receives the id of a run someone asked to stop, in whichever process it executes. */
export type RunCancelListener = (runId: string) => void;

/** Told when an event could not be published (it is still stored by its writer; watchers may miss it live). */
export type PublishFailureReporter = (error: unknown, event: RunEvent) => void;

/**
 * Fans run events out to every watcher of a stream, and remembers each stream's most recent
 * events so a watcher who reconnects between publication and persistence misses nothing. Two
 * adapters pass one suite: in memory (one process, the default) and Redis (`createRedisEventBus`,
 * every process of a deployment). Events one process publishes reach every watcher in the order of
 * its `publish` calls.
 */
export interface EventBus {
  /**
   * Hands the event to every watcher of the stream and to the stream's buffer. Resolves once the bus
   * took it; callers on the hot path do not wait, but must report a rejection.
   */
  publish(streamId: string, event: RunEvent): Promise<void>;
  /** Starts delivering the stream's events; resolves, with the function that stops it, once active. */
  subscribe(streamId: string, listener: RunEventListener): Promise<() => void>;
  /** Recently published events of the stream with `seq` above `afterSeq`, in order. */
  recent(streamId: string, afterSeq: number): Promise<RunEvent[]>;
  /** Asks every process (this one included) to stop the run if it executes it. */
  publishCancel(runId: string): Promise<void>;
  /** Calls `listener` with each run whose stop is asked; returns the function that stops it. */
  onCancel(listener: RunCancelListener): () => void;
}

/** Default {@link PublishFailureReporter}: a process warning, so a failure is never silent. */
export const warnPublishFailure: PublishFailureReporter = (error, event) => {
  process.emitWarning(
    `Run event ${event.seq} of ${event.conversation_id ?? event.run_id} not published: ${
      error instanceof Error ? error.message : String(error)
    }`,
    'RenumEventBusWarning',
  );
};

/** Event bus for a single process, keeping the last `bufferSize` events of up to `maxStreams` streams. */
export function createMemoryEventBus(options: { bufferSize?: number; maxStreams?: number } = {}): EventBus {
  const bufferSize = options.bufferSize ?? 1024;
  const maxStreams = options.maxStreams ?? 10_000;
  const listeners = new Map<string, Set<RunEventListener>>();
  const buffers = new Map<string, RunEvent[]>();
  const cancelListeners = new Set<RunCancelListener>();
  return {
    async publish(streamId, event) {
      let buffer = buffers.get(streamId);
      if (buffer) buffers.delete(streamId);
      else buffer = [];
      buffer.push(event);
      if (buffer.length > bufferSize) buffer.splice(0, buffer.length - bufferSize);
      buffers.set(streamId, buffer); // re-inserted: the map's order is least recently published first
      if (buffers.size > maxStreams) buffers.delete(buffers.keys().next().value as string);
      // One broken watcher must not stop delivery to the others.
      deliverToEach(listeners.get(streamId) ?? [], event, reportListenerError);
    },
    async subscribe(streamId, listener) {
      let set = listeners.get(streamId);
      if (!set) {
        set = new Set();
        listeners.set(streamId, set);
      }
      const own = set;
      const entry: RunEventListener = (event) => listener(event);
      own.add(entry);
      return () => {
        own.delete(entry);
        if (own.size === 0 && listeners.get(streamId) === own) listeners.delete(streamId);
      };
    },
    async recent(streamId, afterSeq) {
      return (buffers.get(streamId) ?? []).filter((event) => event.seq > afterSeq);
    },
    async publishCancel(runId) {
      deliverToEach([...cancelListeners], runId, reportListenerError);
    },
    onCancel(listener) {
      const entry: RunCancelListener = (runId) => listener(runId);
      cancelListeners.add(entry);
      return () => cancelListeners.delete(entry);
    },
  };
}
