import type { JobRow } from './claim-jobs.ts';

/** Keeps one queue's worker slots busy: claims when woken or polled, never more than `concurrency` at once. */
export interface QueuePoller {
  /** Claims now if slots are free (coalesced: a wake during a claim claims again right after it). */
  wake(): void;
  /** Wakes at `at`, if that is sooner than the next poll would. */
  wakeAt(at: Date): void;
  /** Slots free now. */
  free(): number;
  /** Runs a job this process claimed itself (a local pick-up), in one of the slots. */
  adopt(row: JobRow): void;
  /** Stops claiming and waits for a claim in flight; running jobs are the runner's to drain. */
  stop(): Promise<void>;
}

/** What a {@link QueuePoller} needs. */
export interface QueuePollerOptions {
  concurrency: number;
  pollMs: number;
  clock: () => Date;
  /** Claims up to `limit` due jobs. */
  claim: (limit: number) => Promise<JobRow[]>;
  /** Runs one claimed job; never rejects. */
  run: (row: JobRow) => Promise<unknown>;
  /** Told when a claim fails (the poll goes on), or a run rejects (it should not). */
  onError: (error: unknown) => void;
}

/** Starts polling one queue (at once, then every `pollMs`). */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  let active = 0;
  let again = false;
  /**
   * Due jobs may be waiting for a slot: a wake-up found none free, or a claim filled every free one.
   * Only then does a finished job claim again; otherwise there was nothing more when last asked, and
   * what becomes due since wakes the poller itself (a commit here) or waits for the poll.
   */
  let backlog = false;
  let stopped = false;
  let claiming: Promise<void> | null = null;
  const wakeTimers = new Set<NodeJS.Timeout>();

  async function claimWhileFree(): Promise<void> {
    do {
      again = false;
      const free = options.concurrency - active;
      if (stopped) return;
      if (free <= 0) {
        backlog = true;
        return;
      }
      backlog = false;
      const rows = await options.claim(free);
      for (const row of rows) start(row);
      // A full batch suggests more are due.
      if (rows.length === free) again = true;
    } while (again && !stopped);
  }

  function start(row: JobRow): void {
    active += 1;
    void options
      .run(row)
      .catch(options.onError)
      .finally(() => {
        active -= 1;
        if (backlog) wake();
      });
  }

  function wake(): void {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = claimWhileFree()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        claiming = null;
        if (again) wake();
      });
  }

  const poll = setInterval(wake, options.pollMs);
  wake();

  return {
    wake,
    wakeAt(at) {
      const delay = at.getTime() - options.clock().getTime();
      if (stopped || delay >= options.pollMs) return;
      if (delay <= 0) return wake();
      const timer = setTimeout(() => {
        wakeTimers.delete(timer);
        wake();
      }, delay);
      wakeTimers.add(timer);
    },
    free: () => (stopped ? 0 : options.concurrency - active),
    adopt: start,
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const timer of wakeTimers) clearTimeout(timer);
      wakeTimers.clear();
      await claiming;
    },
  };
}
