/**
 * An unbounded single-consumer queue that is also an `AsyncIterable`: the producer pushes without waiting
 * (a run never stalls on a slow reader), the consumer iterates until the channel is closed.
 */
export interface EventChannel<ITEM> extends AsyncIterable<ITEM> {
  /** Adds an item; ignored after {@link EventChannel.close}. */
  push(item: ITEM): void;
  /** Ends the iteration once the items already pushed are read. Idempotent. */
  close(): void;
  /** True once closed. */
  readonly closed: boolean;
}

/** Creates an {@link EventChannel}. Iterating it a second time throws: events are delivered once. */
export function createEventChannel<ITEM>(): EventChannel<ITEM> {
  const items: ITEM[] = [];
  let closed = false;
  let iterated = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  return {
    push(item) {
      if (closed) return;
      items.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    get closed() {
      return closed;
    },
    async *[Symbol.asyncIterator]() {
      if (iterated) throw new Error('Run events can be iterated only once');
      iterated = true;
      for (;;) {
        const item = items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
