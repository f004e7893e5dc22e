import { type Database, jobs, withPlatform } from '@renum/db';
import { and, inArray, isNull } from 'drizzle-orm';
import type { JobRow } from './claim-jobs.ts';

/** Moves committed job rows into the delivery engine (BullMQ), in batches, in creation order. */
export interface OutboxRelay {
  /** Relays now (coalesced: a wake during a pass relays again right after it). */
  wake(): void;
  /** Stops relaying and waits for a pass in flight. */
  stop(): Promise<void>;
}

/**
 * Starts the relay: at once, every `pollMs`, and when woken (after this process commits a job). Each
 * pass locks up to `batchSize` rows not yet relayed (`FOR UPDATE SKIP LOCKED`, so relays in several
 * processes split the rows), hands them to `deliver`, and marks them `relayed_at` in the same
 * transaction. If `deliver` fails, nothing is marked and the next pass tries again; if the commit fails
 * after a delivery, the rows are delivered again, which BullMQ ignores (the job id is the row id).
 */
export function startOutboxRelay(options: {
  db: Database;
  clock: () => Date;
  pollMs: number;
  batchSize?: number;
  /**
   * How long a delivery may take before the pass gives up and rolls back (the rows stay unrelayed): an
   * unreachable Redis must not keep a transaction and its row locks open. @defaultValue 10_000
   */
  deliverTimeoutMs?: number;
  deliver: (rows: JobRow[]) => Promise<void>;
  onError: (error: unknown) => void;
}): OutboxRelay {
  const batchSize = options.batchSize ?? 100;
  let stopped = false;
  let again = false;
  let passing: Promise<void> | null = null;

  async function relayOnce(): Promise<number> {
    return withPlatform(options.db, async (tx) => {
      const rows = await tx
        .select()
        .from(jobs)
        .where(and(isNull(jobs.relayed_at), inArray(jobs.status, ['queued', 'failed', 'running'])))
        .orderBy(jobs.created_at)
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      await withTimeout(options.deliver(rows), options.deliverTimeoutMs ?? 10_000);
      await tx
        .update(jobs)
        .set({ relayed_at: options.clock() })
        .where(
          inArray(
            jobs.id,
            rows.map((row) => row.id),
          ),
        );
      return rows.length;
    });
  }

  async function relayAll(): Promise<void> {
    do {
      again = false;
      if (stopped) return;
      if ((await relayOnce()) === batchSize) again = true;
    } while (again && !stopped);
  }

  function wake(): void {
    if (stopped) return;
    if (passing) {
      again = true;
      return;
    }
    passing = relayAll()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        passing = null;
        if (again) wake();
      });
  }

  const timer = setInterval(wake, options.pollMs);
  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await passing;
    },
  };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Relaying jobs took more than ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
