import { runNote } from '@renum/contracts';
import { runs, withClient } from '@renum/db';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { announceConversationActivity } from '../conversations/conversation-feed.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import type { EventBus, PublishFailureReporter } from './event-bus.ts';
import { loadRun } from './get-run.ts';
import { openRunEventWriter } from './run-event-writer.ts';
import type { RunManager } from './run-manager.ts';
import { runToWire } from './run-wire.ts';

/** How long a stop waits for the worker holding the run (on any process) to settle it. */
const settleWaitMs = 2000;
const pollMs = 25;
/**
 * How often the cancel is sent again while the stop waits. A worker that took the run after the first
 * cancel went out (a run handed to it directly, ADR 0073, whose hand-off was still on its way) did not
 * hold it yet and let the message by; the next one reaches it, so the stop still lands within a second.
 */
const republishMs = 200;
/** Statuses a stop applies to: a suspended run (waiting for an approval) is stopped where it is. */
const stoppable: ReadonlySet<string> = new Set(['queued', 'running', 'suspended']);

/**
 * Stops a run from any process (ADR 0009 §5): the stop is recorded on the run (`cancel_requested_at`)
 * and sent over the event bus; the worker holding the run aborts the model stream and settles it
 * `stopped`, metering what was spent. A queued or suspended run, or one whose worker's lease expired, is
 * settled here, fenced. A finished run is returned as it is.
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
  const run = await withClient(deps.db, clientId, async (tx) => {
    const found = await loadRun(tx, options.runId);
    if (!stoppable.has(found.status)) return found;
    const [marked] = await tx
      .update(runs)
      .set({
        cancel_requested_at: sql`coalesce(${runs.cancel_requested_at}, ${deps.clock().toISOString()}::timestamptz)`,
      })
      .where(and(eq(runs.id, found.id), inArray(runs.status, ['queued', 'running', 'suspended'])))
      .returning();
    return marked ?? found;
  });
  if (run.status === 'suspended') await settleUnheld(deps, { ...options, clientId, run });
  else if (run.status === 'queued' || run.status === 'running') {
    const here = await options.manager.stop(run.id);
    if (!here) {
      if (!(await settleUnheld(deps, { ...options, clientId, run }))) {
        await waitForSettlement(deps, clientId, run.id, () => options.bus.publishCancel(run.id));
      }
    }
  }
  return withClient(deps.db, clientId, async (tx) => runToWire(await loadRun(tx, run.id)));
}

/**
 * Settles, here, a run no worker holds: still queued, or running under an expired lease. The update is
 * fenced (the status and the lease token it saw), so a worker claiming it meanwhile wins or loses whole.
 * True when it was settled (or had already ended).
 */
async function settleUnheld(
  deps: PlatformDeps,
  options: {
    clientId: string;
    run: typeof runs.$inferSelect;
    bus: EventBus;
    onPublishError?: PublishFailureReporter | undefined;
  },
): Promise<boolean> {
  const { run, clientId } = options;
  if (!run.conversation_id) return false;
  const now = deps.clock();
  const unheld =
    run.status === 'queued' || run.status === 'suspended'
      ? eq(runs.status, run.status)
      : and(
          eq(runs.status, 'running'),
          run.lease_token ? eq(runs.lease_token, run.lease_token) : isNull(runs.lease_token),
          or(isNull(runs.lease_expires_at), lt(runs.lease_expires_at, now)),
        );
  if (run.status === 'running' && run.lease_expires_at && run.lease_expires_at >= now) return false;
  const writer = await openRunEventWriter({
    db: deps.db,
    bus: options.bus,
    onPublishError: options.onPublishError,
    clientId,
    conversationId: run.conversation_id,
    runId: run.id,
    clock: deps.clock,
    newId: deps.newId,
  });
  const event = await withClient(deps.db, clientId, async (tx) => {
    const settled = await tx
      .update(runs)
      .set({
        status: 'stopped',
        finished_at: now,
        lease_owner: null,
        lease_expires_at: null,
        lease_token: null,
      })
      .where(and(eq(runs.id, run.id), unheld))
      .returning({ id: runs.id });
    if (settled.length === 0) return null;
    return writer.writeTerminal(tx, {
      type: 'status',
      status: 'stopped',
      content: '⏹️ Interrompido',
      ...runNote('run.stopped'),
    });
  });
  if (event) {
    await writer.publish(event);
    announceConversationActivity(deps, { clientId, conversationId: run.conversation_id });
  }
  return event !== null;
}

/**
 * Sends the cancel, then waits (bounded) until the worker holding the run has settled it, so the answer
 * shows the final state; the cancel is sent again every `republishMs` meanwhile.
 */
async function waitForSettlement(
  deps: PlatformDeps,
  clientId: string,
  runId: string,
  publishCancel: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + settleWaitMs;
  let nextPublish = 0;
  while (Date.now() < deadline) {
    if (Date.now() >= nextPublish) {
      await publishCancel();
      nextPublish = Date.now() + republishMs;
    }
    const [row] = await withClient(deps.db, clientId, (tx) =>
      tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId)),
    );
    if (row?.status !== 'queued' && row?.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
