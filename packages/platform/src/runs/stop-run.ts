import { runs, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadRun } from './get-run.ts';
import type { RunManager } from './run-manager.ts';
import { runToWire } from './run-wire.ts';

/**
 * Stops a run: the model stream is aborted and the run ends `stopped`. A finished run is
 * returned as it is. A queued or running run that no live process holds is marked stopped.
 */
export async function stopRun(
  deps: PlatformDeps,
  options: { principal: Principal; manager: RunManager; runId: string },
) {
  const { clientId } = requireClient(options.principal);
  const run = await withClient(deps.db, clientId, (tx) => loadRun(tx, options.runId));
  if (run.status === 'queued' || run.status === 'running') {
    const stopped = await options.manager.stop(run.id);
    if (!stopped) {
      await withClient(deps.db, clientId, (tx) =>
        tx
          .update(runs)
          .set({ status: 'stopped', finished_at: deps.clock(), lease_owner: null, lease_expires_at: null })
          .where(eq(runs.id, run.id)),
      );
    }
  }
  return withClient(deps.db, clientId, async (tx) => runToWire(await loadRun(tx, run.id)));
}
