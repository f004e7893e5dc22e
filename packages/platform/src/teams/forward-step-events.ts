import type { RunEvent } from '@renum/contracts';
import { withClient } from '@renum/db';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { TeamEngineDeps } from './advance-execution.ts';
import { appendExecutionEvents } from './team-events.ts';

/** How long forwarded events gather before they are written as one batch. */
const batchMs = 50;

/**
 * Copies a step's run events, as its worker publishes them, into the execution's log (renumbered in
 * the execution's one sequence, in batches), so watching an execution shows every step working live.
 * `close` writes what is left; a failed batch is logged and counted, never thrown (the run's own log
 * keeps every event).
 */
export async function forwardStepEvents(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: {
    clientId: string;
    executionId: string;
    conversationId: string;
    runId: string;
    stepIndex: number;
  },
): Promise<{ close(): Promise<void> }> {
  let pending: RunEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return chain;
    chain = chain.then(() => writeBatch(batch));
    return chain;
  };
  const writeBatch = async (batch: RunEvent[]) => {
    try {
      await withClient(deps.db, options.clientId, (tx) =>
        appendExecutionEvents(tx, {
          clientId: options.clientId,
          executionId: options.executionId,
          now: deps.clock(),
          events: batch.map((event) => {
            const {
              run_id: runId,
              seq: _seq,
              conversation_id: _conversation,
              created_at: _at,
              ...draft
            } = event;
            return { draft, runId, stepIndex: options.stepIndex };
          }),
          bus: engine.bus,
          onPublishError: engine.onPublishError,
        }),
      );
    } catch (error) {
      reportFailure(deps, 'team.step_events', error, {
        execution_id: options.executionId,
        count: batch.length,
      });
    }
  };
  const unsubscribe = await engine.bus.subscribe(options.conversationId, (event) => {
    if (event.run_id !== options.runId) return;
    pending.push(event);
    timer ??= setTimeout(flush, batchMs);
  });
  return {
    async close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
