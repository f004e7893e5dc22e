import type { RunEvent } from '@renum/contracts';
import { withClient } from '@renum/db';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { TeamEngineDeps } from './advance-execution.ts';
import { appendExecutionEvents, type ExecutionEventDraft } from './team-events.ts';

/** How long forwarded events gather before they are written as one batch. */
const batchMs = 50;

/**
 * Copies a step's run events, as its worker publishes them, into the execution's log (renumbered in
 * the execution's one sequence, in batches), so watching an execution shows every step working live.
 * `close` waits for the batches being written and hands back what is left, for the step's recording
 * transaction to append (a run shorter than a batch then costs no write of its own); `write` stores such a
 * remainder by itself, when the recording did not. A failed batch is logged and counted, never thrown (the
 * run's own log keeps every event).
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
): Promise<StepEventForwarder> {
  let pending: RunEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return chain;
    chain = chain.then(() => writeBatch(drafts(batch)));
    return chain;
  };
  const drafts = (batch: RunEvent[]): ExecutionEventDraft[] =>
    batch.map((event) => {
      const { run_id: runId, seq: _seq, conversation_id: _conversation, created_at: _at, ...draft } = event;
      return { draft, runId, stepIndex: options.stepIndex };
    });
  const writeBatch = async (batch: ExecutionEventDraft[]) => {
    try {
      await withClient(deps.db, options.clientId, (tx) =>
        appendExecutionEvents(tx, {
          clientId: options.clientId,
          executionId: options.executionId,
          now: deps.clock(),
          events: batch,
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
      timer = undefined;
      await chain;
      const rest = drafts(pending);
      pending = [];
      return rest;
    },
    write: (rest) => (rest.length > 0 ? writeBatch(rest) : Promise.resolve()),
  };
}

/** A step's event forwarding, as {@link forwardStepEvents} answers it. */
export interface StepEventForwarder {
  /** Stops forwarding; resolves with the events not written yet, in order. */
  close(): Promise<ExecutionEventDraft[]>;
  /** Writes such events in a transaction of their own (failures logged and counted). */
  write(rest: ExecutionEventDraft[]): Promise<void>;
}
