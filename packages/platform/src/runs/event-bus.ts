import type { RunEvent } from '@renum/contracts';

/** Receives the events of one stream (a conversation) as they are published. */
export type RunEventListener = (event: RunEvent) => void;

/**
 * Fans run events out to every watcher of a stream, and remembers each stream's most recent
 * events so a watcher who reconnects between publication and persistence misses nothing.
 * In-process now; a Redis Streams adapter implements the same port for several processes.
 */
export interface EventBus {
  publish(streamId: string, event: RunEvent): void;
  /** Starts delivering the stream's events; returns the function that stops it. */
  subscribe(streamId: string, listener: RunEventListener): () => void;
  /** Recently published events of the stream with `seq` above `afterSeq`, in order. */
  recent(streamId: string, afterSeq: number): RunEvent[];
}

/** Event bus for a single process, keeping the last `bufferSize` events of up to `maxStreams` streams. */
export function createMemoryEventBus(options: { bufferSize?: number; maxStreams?: number } = {}): EventBus {
  const bufferSize = options.bufferSize ?? 1024;
  const maxStreams = options.maxStreams ?? 10_000;
  const listeners = new Map<string, Set<RunEventListener>>();
  const buffers = new Map<string, RunEvent[]>();
  return {
    publish(streamId, event) {
      let buffer = buffers.get(streamId);
      if (buffer) buffers.delete(streamId);
      else buffer = [];
      buffer.push(event);
      if (buffer.length > bufferSize) buffer.splice(0, buffer.length - bufferSize);
      buffers.set(streamId, buffer); // re-inserted: the map's order is least recently published first
      if (buffers.size > maxStreams) buffers.delete(buffers.keys().next().value as string);
      for (const listener of listeners.get(streamId) ?? []) {
        try {
          listener(event);
        } catch {
          // One broken watcher must not stop delivery to the others.
        }
      }
    },
    subscribe(streamId, listener) {
      let set = listeners.get(streamId);
      if (!set) {
        set = new Set();
        listeners.set(streamId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(streamId);
      };
    },
    recent(streamId, afterSeq) {
      return (buffers.get(streamId) ?? []).filter((event) => event.seq > afterSeq);
    },
  };
}
