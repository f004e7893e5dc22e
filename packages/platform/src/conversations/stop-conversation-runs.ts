import { runs, withClient } from '@renum/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import type { EventBus, PublishFailureReporter } from '../runs/event-bus.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { stopRun } from '../runs/stop-run.ts';

/** What stopping a conversation's runs needs: the same as `POST /v1/runs/{id}/stop`. */
export interface ConversationRunStopper {
  manager: RunManager;
  bus: EventBus;
  onPublishError?: PublishFailureReporter | undefined;
}

/**
 * Stops every run of the conversation still queued or running (the agent's answer in progress when a
 * person takes the conversation over), each the way `POST /v1/runs/{id}/stop` does: settled `stopped`
 * with what was spent metered, from whichever process holds it. Returns the ids it stopped.
 */
export async function stopConversationRuns(
  deps: PlatformDeps,
  options: ConversationRunStopper & { principal: Principal; clientId: string; conversationId: string },
): Promise<string[]> {
  const active = await withClient(deps.db, options.clientId, (tx) =>
    tx
      .select({ id: runs.id })
      .from(runs)
      .where(
        and(eq(runs.conversation_id, options.conversationId), inArray(runs.status, ['queued', 'running'])),
      ),
  );
  const stopped = await Promise.all(
    active.map((run) =>
      stopRun(deps, {
        principal: options.principal,
        manager: options.manager,
        bus: options.bus,
        onPublishError: options.onPublishError,
        runId: run.id,
      }),
    ),
  );
  return stopped.filter((run) => run.status === 'stopped').map((run) => run.id);
}
