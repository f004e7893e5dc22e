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
  /**
   * Longest a report waits before its batch is written, in ms. Bigger batches cost less per row, and on
   * the embedded database each write holds the event loop for a few milliseconds, so fewer, larger
   * writes keep them off most calls. A crash (not a shutdown: `close()` writes the batch) loses at most
   * this much metering. @defaultValue 250
   */
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
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const maxBatch = options.maxBatch ?? 500;
  let queue: TimedToolCallRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // Batches are written one after the other, in order.
  let writing: Promise<void> = Promise.resolve();

  const writeClient = async (calls: TimedToolCallRecord[]) => {
    try {
      await recordToolCalls(deps, calls);
    } catch (error) {
      if (calls.length === 1) {
        options.onError?.(error, [calls[0]!.record]);
        return;
      }
      // The transaction rolled back whole: one bad report must not cost the others, so write them one
      // by one (nothing of this client's batch was stored, so nothing is written twice).
      for (const call of calls) {
        await recordToolCalls(deps, [call]).catch((single: unknown) =>
          options.onError?.(single, [call.record]),
        );
      }
    }
  };

  // One transaction per client, so a failure is confined to its client's reports.
  const write = async (batch: TimedToolCallRecord[]) => {
    const byClient = new Map<string, TimedToolCallRecord[]>();
    for (const call of batch) {
      const list = byClient.get(call.record.clientId);
      if (list) list.push(call);
      else byClient.set(call.record.clientId, [call]);
    }
    for (const calls of byClient.values()) await writeClient(calls);
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
