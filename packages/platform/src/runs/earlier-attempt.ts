import type { PlatformDeps } from '../platform-deps.ts';
import type { ClaimedRun } from './claim-run.ts';
import { readRunEvents } from './read-run-events.ts';
import type { RunDeps } from './run-deps.ts';

/**
 * Whether a watcher may have seen an earlier attempt of a run claimed again: one of its events is still in
 * the bus's buffer (published, maybe not stored yet) or stored. A run claimed over a claim whose worker never
 * began it (a send's pick-up or a direct delivery whose worker died or handed it back, ADR 0073; a team
 * step's stored claim taken by another process) has neither, and is announced as a first attempt: there is
 * no partial answer to replace. Only asked on a second or later claim.
 */
export async function earlierAttemptShown(
  deps: PlatformDeps,
  run: RunDeps,
  claimed: Pick<ClaimedRun, 'run'>,
): Promise<boolean> {
  const streamId = claimed.run.conversation_id ?? claimed.run.id;
  const recent = await run.bus.recent(streamId, 0);
  if (recent.some((event) => event.run_id === claimed.run.id)) return true;
  const stored = await readRunEvents({
    db: deps.db,
    clientId: claimed.run.client_id,
    streamId,
    afterSeq: 0,
    runId: claimed.run.id,
    limit: 1,
  });
  return stored.length > 0;
}
