import { workflowStepDefaults } from '@renum/contracts';
import {
  agents,
  conversations,
  messages,
  runs,
  type Transaction,
  teamAgentExecutions,
  withClient,
} from '@renum/db';
import { resolveStepInput } from '@renum/workflows';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { sendRows } from '../runs/send-rows.ts';
import { advanceExecution, executionDefinition, stepEnd, type TeamEngineDeps } from './advance-execution.ts';
import { appendExecutionEvents } from './team-events.ts';
import { loadExecution } from './team-rows.ts';

/** The step's run to execute, and where its events stream. */
export interface PreparedStep {
  runId: string;
  conversationId: string;
  stepIndex: number;
  role: string;
  attempts: number;
  /** How long one attempt may take (the step's `retry.timeout_seconds`). */
  timeoutMs: number;
}

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
    const policy = definition.agents[step.step_index]?.retry;
    const prepared = {
      stepIndex: step.step_index,
      role: step.role,
      attempts: step.attempts,
      timeoutMs: (policy?.timeout_seconds ?? workflowStepDefaults.timeout_seconds) * 1000,
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
      await appendExecutionEvents(tx, {
        clientId: options.clientId,
        executionId: execution.id,
        now: deps.clock(),
        events: [{ draft: stepEnd(step, status), stepIndex: step.step_index }],
        bus: engine.bus,
        onPublishError: engine.onPublishError,
      });
      await advanceExecution(deps, engine, { tx, execution });
      return null;
    }
    const input = resolveStepInput({
      definition,
      step: definition.agents[step.step_index]!,
      context: execution.shared_context,
    });
    const created = await createStepRun(deps, tx, { execution, step, agent, input });
    await appendExecutionEvents(tx, {
      clientId: options.clientId,
      executionId: execution.id,
      now: deps.clock(),
      events: [
        {
          draft: { type: 'step_start', step_id: step.id, agent: step.role, content: `${step.role} started` },
          runId: created.runId,
          stepIndex: step.step_index,
        },
      ],
      bus: engine.bus,
      onPublishError: engine.onPublishError,
    });
    return { ...prepared, ...created, attempts: step.attempts + 1 };
  });
}

/** A conversation of the step's agent holding the input as its user message, and the step's run. */
async function createStepRun(
  deps: PlatformDeps,
  tx: Transaction,
  options: {
    execution: { id: string; client_id: string; user_id: string | null };
    step: typeof teamAgentExecutions.$inferSelect;
    agent: typeof agents.$inferSelect;
    input: string;
  },
) {
  const { execution, step, agent, input } = options;
  const now = deps.clock();
  const [conversation] = await tx
    .insert(conversations)
    .values({
      id: deps.newId(),
      client_id: execution.client_id,
      agent_id: agent.id,
      user_id: execution.user_id,
      channel: 'api',
      title: `Team step ${step.step_index + 1}: ${step.role}`,
    })
    .returning();
  const rows = sendRows({
    ids: { run: deps.newId(), message: deps.newId() },
    now,
    clientId: execution.client_id,
    conversation: conversation!,
    agent,
    model: agent.model,
    subAgentId: null,
    content: input,
    idempotencyKey: null,
    executionId: execution.id,
  });
  await tx.insert(runs).values(rows.run);
  await tx.insert(messages).values(rows.message);
  await tx
    .update(conversations)
    .set({ last_message_at: now, title: rows.conversation.title })
    .where(eq(conversations.id, conversation!.id));
  await tx
    .update(teamAgentExecutions)
    .set({ run_id: rows.run.id, input, attempts: step.attempts + 1 })
    .where(eq(teamAgentExecutions.id, step.id));
  return { runId: rows.run.id, conversationId: conversation!.id };
}
