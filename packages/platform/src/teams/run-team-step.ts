import { AppError } from '@renum/contracts';
import { afterCommit } from '@renum/db';
import { handleJob, type JobHandlerResult, type JobLease } from '../jobs/job-handler.ts';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import type { SettleHook } from '../runs/settle-run.ts';
import type { TeamEngineDeps } from './advance-execution.ts';
import { forwardStepEvents, type StepEventForwarder } from './forward-step-events.ts';
import { type PreparedStep, prepareStep } from './prepare-step.ts';
import { recordShape, recordStep, recordStepIn } from './record-step.ts';
import { createStepOffers } from './step-hints.ts';
import { teamStepJob } from './team-jobs.ts';
import { type ExecutionForRecord, loadExecutionForRecord } from './team-rows.ts';

/** One engine view per run manager (process), so its step offers are shared by its starters and workers. */
const engines = new WeakMap<RunManager, TeamEngineDeps>();

/**
 * The engine's view of {@link RunDeps}: where step jobs go and where events are published, and, when this
 * process executes runs (`localWorker`), its run manager, so a started step's run is stored claimed by
 * this process and its job, run here, skips the step's own transactions.
 */
export function teamEngineDeps(run: RunDeps, manager: RunManager): TeamEngineDeps {
  const known = engines.get(manager);
  if (known) return known;
  const engine: TeamEngineDeps = {
    jobs: run.jobs,
    bus: run.bus,
    onPublishError: run.onPublishError,
    local: run.localWorker ? { run, manager, steps: createStepOffers() } : undefined,
    contextCache: run.teamContext,
  };
  engines.set(manager, engine);
  return engine;
}

/**
 * The `team.step` handler: runs one step of an execution to its end (ADR 0027). Each attempt is a real
 * run of the step's agent, executed in this worker through the run manager (claim, agent step, settle:
 * routing, tools, memory and metering as in a chat turn); the step's retry policy starts another run
 * after a failed one, and its timeout stops a run that takes too long. A retried job resumes the step's
 * current run (the run's own claim fences the worker that died), so a finished step never runs twice.
 */
export const teamStepHandler = (deps: PlatformDeps, run: RunDeps, manager: RunManager) =>
  handleJob(teamStepJob, async (payload, context) => {
    try {
      return await runStep(deps, { run, manager, payload, context });
    } catch (error) {
      // The team (and so the execution) was deleted meanwhile: nothing is left to run.
      if (AppError.isInstance(error) && error.code === 'TEAM_EXECUTION_NOT_FOUND') return;
      throw error;
    }
  });

async function runStep(
  deps: PlatformDeps,
  options: {
    run: RunDeps;
    manager: RunManager;
    payload: { client_id: string; execution_id: string; step_id: string };
    context: { signal: AbortSignal; attempt: number; lease: JobLease };
  },
): Promise<JobHandlerResult> {
  const { run, manager, payload, context } = options;
  const engine = teamEngineDeps(run, manager);
  const ids = { clientId: payload.client_id, executionId: payload.execution_id, stepId: payload.step_id };
  // Started by this process with its run ready (ADR 0043 §1): no transaction to read it again.
  let offered = context.attempt === 1 ? engine.local?.steps.take(ids.stepId) : undefined;
  for (;;) {
    const prepared = offered ?? (await prepareStep(deps, engine, ids));
    offered = undefined;
    if (!prepared) return;
    // The step's result, its last events and the job's completion commit with the run's settlement
    // (ADR 0057), or else, after it, in one recording transaction (ADR 0043 §3).
    const completion = { lease: context.lease, completed: false };
    const { timedOut, forwarded, forwarder, recorded } = await executeStepRun(deps, {
      engine,
      manager,
      prepared,
      ...ids,
      signal: context.signal,
      attempt: context.attempt,
      timeoutMs: prepared.timeoutMs,
      completion,
    });
    if (recorded) {
      await forwarder.write(forwarded); // events that reached the bus after the settlement took its own
      if (recorded === 'done') return completion.completed ? { completed: true } : undefined;
      leaveRetryIfStopping(manager);
      continue;
    }
    if (context.signal.aborted) {
      await forwarder.write(forwarded);
      return; // this worker lost the job: the next one resumes the run
    }
    const result = await recordStep(deps, engine, {
      ...ids,
      runId: prepared.runId,
      timedOut,
      forwarded,
      completion,
    }).catch(async (error: unknown) => {
      await forwarder.write(forwarded); // the recording rolled back: the events are written alone
      throw error;
    });
    if (result === 'done') return completion.completed ? { completed: true } : undefined;
    leaveRetryIfStopping(manager);
  }
}

/**
 * A stopping process (its runs interrupted at the end of the grace period) starts no new attempt: the
 * job fails this attempt and its retry runs the step's next attempt on a process that stays up.
 */
function leaveRetryIfStopping(manager: RunManager): void {
  if (manager.isStopping())
    throw new Error('The process is stopping: the step’s next attempt is left to another worker');
}

/**
 * Executes the step's run here, its events forwarded to the execution and the step recorded by the run's
 * settlement: whether its timeout stopped it, the forwarded events not written yet, and what the
 * settlement recorded (undefined when it did not: the run was not settled here, or its hook failed).
 */
async function executeStepRun(
  deps: PlatformDeps,
  options: {
    engine: TeamEngineDeps;
    manager: RunManager;
    prepared: PreparedStep;
    clientId: string;
    executionId: string;
    stepId: string;
    signal: AbortSignal;
    attempt: number;
    timeoutMs: number;
    completion: { lease: JobLease; completed: boolean };
  },
) {
  const { manager, prepared } = options;
  const forwarder = await forwardStepEvents(deps, options.engine, {
    clientId: options.clientId,
    executionId: options.executionId,
    conversationId: prepared.conversationId,
    runId: prepared.runId,
    stepIndex: prepared.stepIndex,
  });
  const state: StepRunState = { timedOut: false, taken: false, recorded: undefined };
  const timer = setTimeout(() => {
    state.timedOut = true;
    manager
      .stop(prepared.runId)
      .catch((error: unknown) =>
        reportFailure(deps, 'team.step_timeout_stop', error, { run_id: prepared.runId }),
      );
  }, options.timeoutMs);
  try {
    await manager.execute({
      clientId: options.clientId,
      runId: prepared.runId,
      signal: options.signal,
      attempt: options.attempt,
      fresh: prepared.fresh,
      hook: options.engine.recordSeparately
        ? undefined
        : recordingHook(deps, { ...options, forwarder, state }),
    });
  } catch (error) {
    if (state.taken) forwarder.restore();
    await forwarder.write(await forwarder.close());
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (state.taken) forwarder.restore(); // the settlement that took them rolled back
  return {
    timedOut: state.timedOut,
    forwarded: await forwarder.close(),
    forwarder,
    recorded: state.recorded,
  };
}

/** What a step's run did, as its timer and its settlement's hook saw it. */
interface StepRunState {
  timedOut: boolean;
  /** The forwarder's events were taken by a settlement that has not committed (yet). */
  taken: boolean;
  /** What the settlement recorded, once committed. */
  recorded: 'retry' | 'done' | undefined;
}

/**
 * The step's record as the settlement's hook (ADR 0057): the forwarder stops writing batches, and the
 * settlement's transaction appends what it gathered with the run's terminal event, records the step,
 * starts the next steps and completes the step's job. `state.recorded` is set only once that commits;
 * when it rolls back, the caller gives the gathered events back to the forwarder.
 */
function recordingHook(
  deps: PlatformDeps,
  options: {
    engine: TeamEngineDeps;
    prepared: PreparedStep;
    clientId: string;
    executionId: string;
    stepId: string;
    completion: { lease: JobLease; completed: boolean };
    forwarder: StepEventForwarder;
    state: StepRunState;
  },
): SettleHook<ExecutionForRecord> {
  const { forwarder, state } = options;
  const ids = {
    clientId: options.clientId,
    executionId: options.executionId,
    stepId: options.stepId,
    runId: options.prepared.runId,
  };
  return {
    prepare: () => forwarder.hold(),
    // The record reads the execution under its lock, taken as the settlement's transaction begins (ADR 0078),
    // in a statement sent right behind the settlement's (ADR 0079); its statements planned once (ADR 0082).
    shape: recordShape(options.executionId),
    readAhead: (tx) => loadExecutionForRecord(tx, ids),
    async inTransaction(tx, terminal, loaded) {
      state.taken = true;
      const recorded = await recordStepIn(tx, deps, options.engine, {
        ...ids,
        timedOut: state.timedOut,
        forwarded: forwarder.take(terminal),
        completion: options.completion,
        loaded,
      });
      afterCommit(tx, () => {
        state.taken = false;
        state.recorded = recorded;
      });
    },
  };
}
