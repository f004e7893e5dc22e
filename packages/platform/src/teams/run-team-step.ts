import { AppError } from '@renum/contracts';
import { handleJob } from '../jobs/job-handler.ts';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import type { TeamEngineDeps } from './advance-execution.ts';
import { forwardStepEvents } from './forward-step-events.ts';
import { type PreparedStep, prepareStep } from './prepare-step.ts';
import { recordStep } from './record-step.ts';
import { teamStepJob } from './team-jobs.ts';

/** The engine's view of {@link RunDeps}: where step jobs go and where events are published. */
export function teamEngineDeps(run: RunDeps): TeamEngineDeps {
  return { jobs: run.jobs, bus: run.bus, onPublishError: run.onPublishError };
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
      await runStep(deps, { run, manager, payload, context });
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
    context: { signal: AbortSignal; attempt: number };
  },
) {
  const { run, manager, payload, context } = options;
  const engine = teamEngineDeps(run);
  const ids = { clientId: payload.client_id, executionId: payload.execution_id, stepId: payload.step_id };
  for (;;) {
    const prepared = await prepareStep(deps, engine, ids);
    if (!prepared) return;
    const timedOut = await executeStepRun(deps, {
      engine,
      manager,
      prepared,
      ...ids,
      signal: context.signal,
      attempt: context.attempt,
      timeoutMs: prepared.timeoutMs,
    });
    if (context.signal.aborted) return; // this worker lost the job: the next one resumes the run
    const recorded = await recordStep(deps, engine, { ...ids, runId: prepared.runId, timedOut });
    if (recorded === 'done') return;
  }
}

/** Executes the step's run here, its events forwarded to the execution; true when its timeout stopped it. */
async function executeStepRun(
  deps: PlatformDeps,
  options: {
    engine: TeamEngineDeps;
    manager: RunManager;
    prepared: PreparedStep;
    clientId: string;
    executionId: string;
    signal: AbortSignal;
    attempt: number;
    timeoutMs: number;
  },
): Promise<boolean> {
  const { manager, prepared } = options;
  const forwarder = await forwardStepEvents(deps, options.engine, {
    clientId: options.clientId,
    executionId: options.executionId,
    conversationId: prepared.conversationId,
    runId: prepared.runId,
    stepIndex: prepared.stepIndex,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
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
    });
  } finally {
    clearTimeout(timer);
    await forwarder.close();
  }
  return timedOut;
}
