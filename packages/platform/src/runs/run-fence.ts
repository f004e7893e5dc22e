import { runs, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/**
 * Thrown inside a worker's transaction when its lease on the run is gone (a stop settled the run, or
 * another worker took it over): the transaction rolls back, so a stale worker writes nothing.
 */
export class RunLeaseLost extends Error {
  constructor(runId: string) {
    super(`run ${runId}: lease lost; this worker's writes were discarded`);
    this.name = 'RunLeaseLost';
  }
}

/**
 * Locks the run row if this worker still holds it (`lease_token` matches), else throws
 * {@link RunLeaseLost}. Call it first in every transaction that settles or checkpoints the run.
 */
export async function assertLease(tx: Transaction, runId: string, leaseToken: string): Promise<void> {
  const [held] = await tx
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.lease_token, leaseToken)))
    .for('update');
  if (!held) throw new RunLeaseLost(runId);
}
