import type { ToolCallRecord } from '@renum/tools';
import type { PlatformDeps } from '../platform-deps.ts';
import { recordToolCalls, type TimedToolCallRecord } from './record-tool-calls.ts';

/**
 * Takes the tool proxy's call reports and writes them in batches, off the calls' path: the ledger row,
 * the `credential.use` audit row and `last_used_at` of many calls in one transaction per client.
 */
export interface ToolCallRecorder {
  /** Queues a call's report; never throws. */
  record(record: ToolCallRecord): void;
  /** Writes everything queued so far; resolves when it is stored (or reported to `onError`). */
  flush(): Promise<void>;
  /** Flushes and stops the timer; reports that arrive afterwards are written at once. Call at shutdown. */
  close(): Promise<void>;
  /** Reports queued and not yet written. */
  readonly pending: number;
}

/** Options of {@link createToolCallRecorder}. */
export interface ToolCallRecorderOptions {
  /** Longest a report waits before its batch is written, in ms. @defaultValue 25 */
  flushIntervalMs?: number;
  /** A batch is written as soon as it holds this many reports. @defaultValue 500 */
  maxBatch?: number;
  /** Receives write failures (the reports concerned are then lost, so log them). */
  onError?: (error: unknown, records: readonly ToolCallRecord[]) => void;
}

/** Creates a {@link ToolCallRecorder} writing through {@link recordToolCalls}. */
export function createToolCallRecorder(
  deps: PlatformDeps,
  options: ToolCallRecorderOptions = {},
): ToolCallRecorder {
  const flushIntervalMs = options.flushIntervalMs ?? 25;
  const maxBatch = options.maxBatch ?? 500;
  let queue: TimedToolCallRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Batches are written one after the other, in order.
  let writing: Promise<void> = Promise.resolve();

  const write = async (batch: TimedToolCallRecord[]) => {
    try {
      await recordToolCalls(deps, batch);
    } catch (error) {
      if (batch.length === 1) {
        options.onError?.(error, [batch[0]!.record]);
        return;
      }
      // One bad report (a run deleted meanwhile…) must not cost the others: write them one by one.
      for (const call of batch) {
        await recordToolCalls(deps, [call]).catch((single: unknown) =>
          options.onError?.(single, [call.record]),
        );
      }
    }
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queue.length > 0) {
      const batch = queue;
      queue = [];
      writing = writing.then(() => write(batch));
    }
    return writing;
  };

  return {
    record(record) {
      queue.push({ record, at: deps.clock() });
      if (closed || queue.length >= maxBatch) {
        void flush();
        return;
      }
      if (!timer) {
        timer = setTimeout(() => void flush(), flushIntervalMs);
        // A pending batch does not keep the process alive; shutdown calls close(), which writes it.
        timer.unref();
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    get pending() {
      return queue.length;
    },
  };
}
