import { runNote, type WorkflowDefinition, workflowStepDefaults } from '@renum/contracts';
import { agents, runs, teamAgentExecutions, withClient } from '@renum/db';
import { resolveStepInput } from '@renum/workflows';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { advanceExecution, executionDefinition, stepEnd, type TeamEngineDeps } from './advance-execution.ts';
import { createStepRun } from './create-step-run.ts';
import type { PreparedStep } from './step-hints.ts';
import { appendExecutionEvents } from './team-events.ts';
import { loadExecution } from './team-rows.ts';

export type { PreparedStep } from './step-hints.ts';

/**
 * Gives a running step its run, in one transaction under the execution's lock: the run it already has
 * (a retried job resumes it), or a new one — a conversation of the step's agent, the resolved input as
 * its user message, the run `queued` with the execution's id, and the `step_start` event. Null when the
 * step has nothing left to run (finished, or the execution was cancelled before it started).
 */
export async function prepareStep(
  deps: PlatformDeps,
  engine: TeamEngineDeps,
  options: { clientId: string; executionId: string; stepId: string },
): Promise<PreparedStep | null> {
  return withClient(deps.db, options.clientId, async (tx) => {
    const execution = await loadExecution(tx, options.executionId, { lock: true });
    const [step] = await tx
      .select()
      .from(teamAgentExecutions)
      .where(eq(teamAgentExecutions.id, options.stepId));
    if (step?.status !== 'running') return null;
    const definition = executionDefinition(execution);
    const prepared = {
      stepIndex: step.step_index,
      role: step.role,
      attempts: step.attempts,
      timeoutMs: stepTimeoutMs(definition, step.step_index),
    };
    if (step.run_id) {
      const [run] = await tx
        .select({ conversationId: runs.conversation_id })
        .from(runs)
        .where(eq(runs.id, step.run_id));
      return { ...prepared, runId: step.run_id, conversationId: run?.conversationId ?? step.run_id };
    }
    const [agent] = await tx.select().from(agents).where(eq(agents.id, step.agent_id));
    if (execution.cancel_requested_at || !agent) {
      const [status, code, error] = agent
        ? (['cancelled', null, null] as const)
        : (['failed', 'AGENT_NOT_FOUND', 'The step’s agent was deleted'] as const);
      await tx
        .update(teamAgentExecutions)
        .set({ status, error_code: code, error, finished_at: deps.clock() })
        .where(eq(teamAgentExecutions.id, step.id));
      await advanceExecution(deps, engine, {
        tx,
        execution,
        events: [{ draft: stepEnd(step, status), stepIndex: step.step_index }],
      });
      return null;
    }
    const stepDefinition = definition.agents[step.step_index]!;
    const input = resolveStepInput({ definition, step: stepDefinition, context: execution.shared_context });
    // A retry after a failed attempt: a new run, claimed here when this process executes runs.
    const created = await createStepRun(deps, tx, {
      execution,
      step,
      agent,
      input,
      outputSchema: stepDefinition.output_schema,
      local: engine.local,
    });
    await appendExecutionEvents(tx, {
      clientId: options.clientId,
      executionId: execution.id,
      now: deps.clock(),
      events: [
        {
          draft: {
            type: 'step_start',
            step_id: step.id,
            agent: step.role,
            content: `${step.role} started`,
            ...runNote('step.started', { role: step.role }),
          },
          runId: created.runId,
          stepIndex: step.step_index,
        },
      ],
      bus: engine.bus,
      onPublishError: engine.onPublishError,
    });
    return { ...prepared, ...created, attempts: step.attempts + 1, fresh: true };
  });
}

/** How long one attempt of a step may take (its `retry.timeout_seconds`, default 300 s). */
export function stepTimeoutMs(definition: WorkflowDefinition, stepIndex: number): number {
  const policy = definition.agents[stepIndex]?.retry;
  return (policy?.timeout_seconds ?? workflowStepDefaults.timeout_seconds) * 1000;
}
