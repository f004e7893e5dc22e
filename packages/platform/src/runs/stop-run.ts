import { runs, withClient } from '@renum/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { EventBus, PublishFailureReporter } from './event-bus.ts';
import { loadRun } from './get-run.ts';
import { openRunEventWriter } from './run-event-writer.ts';
import type { RunManager } from './run-manager.ts';
import { runToWire } from './run-wire.ts';

/**
 * Stops a run: the model stream is aborted and the run ends `stopped`. A finished run is
 * returned as it is. A queued or running run that no live process holds is marked stopped.
 */
export async function stopRun(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    manager: RunManager;
    bus: EventBus;
    runId: string;
    onPublishError?: PublishFailureReporter | undefined;
  },
) {
  const { clientId } = requireClient(options.principal);
  const run = await withClient(deps.db, clientId, (tx) => loadRun(tx, options.runId));
  if (run.status === 'queued' || run.status === 'running') {
    const stopped = await options.manager.stop(run.id);
    if (!stopped && run.conversation_id) {
      // No live process holds it here: settle it, with the terminal event in the same transaction.
      const writer = await openRunEventWriter({
        db: deps.db,
        bus: options.bus,
        onPublishError: options.onPublishError,
        clientId,
        conversationId: run.conversation_id,
        runId: run.id,
        clock: deps.clock,
      });
      const event = await withClient(deps.db, clientId, async (tx) => {
        const settled = await tx
          .update(runs)
          .set({ status: 'stopped', finished_at: deps.clock(), lease_owner: null, lease_expires_at: null })
          .where(and(eq(runs.id, run.id), inArray(runs.status, ['queued', 'running'])))
          .returning({ id: runs.id });
        if (settled.length === 0) return null;
        return writer.writeTerminal(tx, { type: 'status', status: 'stopped', content: '⏹️ Interrompido' });
      });
      if (event) await writer.publish(event);
    }
  }
  return withClient(deps.db, clientId, async (tx) => runToWire(await loadRun(tx, run.id)));
}
