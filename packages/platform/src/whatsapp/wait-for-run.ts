import { runs, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/** How long one attempt of the inbound job waits for the answering run before it retries. */
const waitMs = 60_000;
const pollMs = 100;

/**
 * Waits until the run is no longer queued or running and answers its status. Reads Postgres (the truth),
 * so it works whichever process executes the run. Throws after a minute: the job's next attempt waits
 * again on the same run.
 */
export async function waitForRun(
  deps: Pick<PlatformDeps, 'db'>,
  options: { clientId: string; runId: string },
): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await withClient(deps.db, options.clientId, (tx) =>
      tx.select({ status: runs.status }).from(runs).where(eq(runs.id, options.runId)),
    );
    if (!row) return 'missing';
    if (row.status !== 'queued' && row.status !== 'running') return row.status;
    if (Date.now() > deadline) throw new Error(`Run ${options.runId} is still ${row.status}; retried`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
