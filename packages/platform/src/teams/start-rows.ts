import type { WorkflowDefinition } from '@renum/contracts';
import {
  agents,
  combineWrites,
  sendAhead,
  type Transaction,
  teamAgentExecutions,
  teamExecutions,
} from '@renum/db';
import { inArray, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { agentAndClientInputs, agentInputsSql, clientInputsSql } from '../runs/run-context.ts';
import { definitionAgentIds } from './check-workflow.ts';
import type { PendingStepAgent } from './team-rows.ts';

type ExecutionRow = typeof teamExecutions.$inferSelect;
type StepRow = typeof teamAgentExecutions.$inferSelect;

/**
 * The definition's agents that exist in the transaction's client, each with what its run reads of agent and
 * client (ADR 0076): one statement, which is also the definition's check that its agents exist.
 */
export async function readStartAgents(
  tx: Transaction,
  definition: WorkflowDefinition,
  clientId: string,
): Promise<Map<string, PendingStepAgent>> {
  const ids = definitionAgentIds(definition);
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      agent: agents,
      agentInputs: agentInputsSql(sql`"agents"`),
      clientInputs: clientInputsSql(sql`${clientId}::uuid`),
    })
    .from(agents)
    .where(inArray(agents.id, ids));
  return new Map(
    rows.map((row) => [
      row.agent.id,
      {
        agent: row.agent,
        inputs: row.clientInputs
          ? agentAndClientInputs(row.agent, row.agentInputs, row.clientInputs)
          : undefined,
      },
    ]),
  );
}

/**
 * A new execution's row, stored running (its start, ADR 0076, announces it), and its steps' rows, pending:
 * every column given, so the statement that stores them reads nothing back.
 */
export function newExecutionRows(
  deps: PlatformDeps,
  options: {
    clientId: string;
    teamId: string;
    userId: string | null;
    definition: WorkflowDefinition;
    initialPrompt: string;
    idempotencyKey: string | null;
    now: Date;
  },
): { execution: ExecutionRow; steps: StepRow[] } {
  const { definition, now, clientId } = options;
  const execution: ExecutionRow = {
    id: deps.newId(),
    client_id: clientId,
    team_id: options.teamId,
    user_id: options.userId,
    status: 'running',
    initial_prompt: options.initialPrompt,
    execution_plan: {
      definition,
      steps: definition.agents.map((step, index) => ({ index, agent_id: step.agent_id, role: step.role })),
    },
    shared_context: { initial_prompt: options.initialPrompt },
    usage_metrics: null,
    cost_metrics: null,
    error: null,
    last_seq: 0,
    cancel_requested_at: null,
    started_at: now,
    finished_at: null,
    idempotency_key: options.idempotencyKey,
    created_at: now,
    updated_at: now,
  };
  const steps = definition.agents.map(
    (step, index): StepRow => ({
      id: deps.newId(),
      client_id: clientId,
      execution_id: execution.id,
      step_index: index,
      agent_id: step.agent_id.toLowerCase(),
      role: step.role,
      run_id: null,
      status: 'pending',
      input: null,
      result: null,
      individual_usage_metrics: null,
      individual_cost_metrics: null,
      attempts: 0,
      error_code: null,
      error: null,
      started_at: null,
      finished_at: null,
      created_at: now,
      updated_at: now,
    }),
  );
  return { execution, steps };
}

/**
 * Stores an execution and its steps in one statement (the foreign keys are checked at its end), sent now
 * (`sendAhead`, ADR 0079): what the caller writes next follows it without waiting for its answer; the
 * transaction waits for it and fails with its error (a retried `Idempotency-Key`'s unique violation).
 */
export function insertExecution(tx: Transaction, rows: { execution: ExecutionRow; steps: StepRow[] }): void {
  sendAhead(
    tx,
    tx.execute(
      combineWrites([
        tx.insert(teamExecutions).values(rows.execution),
        tx.insert(teamAgentExecutions).values(rows.steps),
      ]),
    ),
  );
}
