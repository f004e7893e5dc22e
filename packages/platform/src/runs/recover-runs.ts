import { runs, withClient, withPlatform } from '@renum/db';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { EventBus, PublishFailureReporter } from './event-bus.ts';
import { openRunEventWriter } from './run-event-writer.ts';
import type { RunManager } from './run-manager.ts';

/**
 * Finds runs whose process died (lease expired, or never taken) and settles them: a queued run
 * that never started is launched again; a run that was running is marked failed `INTERRUPTED`
 * and its conversation receives the error event. Runs on boot and periodically.
 */
export async function recoverRuns(
  deps: PlatformDeps,
  options: {
    bus: EventBus;
    onPublishError?: PublishFailureReporter | undefined;
    manager: RunManager;
    queuedGraceMs?: number;
    /**
     * Treat every running run not held here as orphaned, whatever its lease says: right for a
     * process that is alone on its database (the embedded one), at boot.
     */
    ignoreLeases?: boolean;
  },
): Promise<{ resumed: string[]; interrupted: string[] }> {
  const now = deps.clock();
  const queuedBefore = new Date(now.getTime() - (options.queuedGraceMs ?? 5000));
  const orphans = await withPlatform(deps.db, (tx) =>
    tx
      .select({
        id: runs.id,
        clientId: runs.client_id,
        status: runs.status,
        conversationId: runs.conversation_id,
      })
      .from(runs)
      .where(
        or(
          options.ignoreLeases
            ? eq(runs.status, 'running')
            : and(
                eq(runs.status, 'running'),
                or(isNull(runs.lease_expires_at), lt(runs.lease_expires_at, now)),
              ),
          and(eq(runs.status, 'queued'), lt(runs.queued_at, queuedBefore)),
        ),
      ),
  );
  const resumed: string[] = [];
  const interrupted: string[] = [];
  for (const orphan of orphans) {
    if (options.manager.isActive(orphan.id)) continue;
    if (orphan.status === 'queued') {
      options.manager.launch({ clientId: orphan.clientId, runId: orphan.id });
      resumed.push(orphan.id);
      continue;
    }
    const claimed = await withClient(deps.db, orphan.clientId, (tx) =>
      tx
        .update(runs)
        .set({
          status: 'failed',
          error_code: 'INTERRUPTED',
          error_message: 'The process running this answer stopped before it finished',
          finished_at: now,
          lease_owner: null,
          lease_expires_at: null,
        })
        .where(and(eq(runs.id, orphan.id), inArray(runs.status, ['running'])))
        .returning({ id: runs.id }),
    );
    if (claimed.length === 0 || !orphan.conversationId) continue;
    const writer = await openRunEventWriter({
      db: deps.db,
      bus: options.bus,
      onPublishError: options.onPublishError,
      clientId: orphan.clientId,
      conversationId: orphan.conversationId,
      runId: orphan.id,
      clock: deps.clock,
      skipSeq: 1024,
    });
    writer.emit({
      type: 'error',
      code: 'INTERRUPTED',
      error: 'The answer was interrupted by a restart; send the message again',
      retryable: true,
      content: '❌ Interrompido',
    });
    await writer.close();
    interrupted.push(orphan.id);
  }
  return { resumed, interrupted };
}
