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
 * transaction to append (or `hold` and `take` hand them, with the run's terminal event, to the run's
 * settlement, which records the step in its commit) (a run shorter than a batch then costs no write of its own); `write` stores such a
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
  let holding = false;
  let skipSeq: number | undefined;
  let taken: RunEvent[] = [];
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
    if (event.run_id !== options.runId || event.seq === skipSeq) return;
    pending.push(event);
    if (!holding) timer ??= setTimeout(flush, batchMs);
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
    async hold() {
      holding = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
    },
    take(terminal) {
      // The terminal event reaches the bus after the commit: it is taken here, not again from the bus.
      skipSeq = terminal.seq;
      taken = pending;
      pending = [];
      return drafts([...taken, terminal]);
    },
    restore() {
      pending = [...taken, ...pending];
      taken = [];
    },
  };
}

/** A step's event forwarding, as {@link forwardStepEvents} answers it. */
export interface StepEventForwarder {
  /** Stops forwarding; resolves with the events not written yet, in order. */
  close(): Promise<ExecutionEventDraft[]>;
  /** Writes such events in a transaction of their own (failures logged and counted). */
  write(rest: ExecutionEventDraft[]): Promise<void>;
  /** Stops writing batches (events keep gathering) and waits for the batch being written. */
  hold(): Promise<void>;
  /**
   * The events gathered so far and the run's terminal event (written by the settlement, published after
   * its commit, then not gathered again), for the settlement's transaction to append (ADR 0057).
   */
  take(terminal: RunEvent): ExecutionEventDraft[];
  /** Gathers again the events {@link take} handed out, when the transaction that took them rolled back. */
  restore(): void;
}
