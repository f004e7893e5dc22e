import { isUuid, type WorkflowDefinition } from '@renum/contracts';
import {
  agents,
  combineWrites,
  placeholderRow,
  prefixRow,
  reusableSelect,
  sendAhead,
  statementCache,
  type Transaction,
  teamAgentExecutions,
  teamExecutions,
  teams,
} from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import {
  type AgentInputsJson,
  agentInputsSql,
  type ClientInputsJson,
  clientInputsSql,
} from '../runs/run-context.ts';
import { type PendingStepAgent, pendingStepAgent, teamNotFound } from './team-rows.ts';

type ExecutionRow = typeof teamExecutions.$inferSelect;
type StepRow = typeof teamAgentExecutions.$inferSelect;

/**
 * An execution's start reads its team and the agents its stored definition names that exist in the
 * transaction's client, each with what its run reads of agent and client (ADR 0076), in one statement: a
 * named one, planned once per connection (ADR 0080). Its agents are also the definition's check that they
 * exist. Throws `404 TEAM_NOT_FOUND`.
 */
export async function readTeamForStart(
  tx: Transaction,
  options: { teamId: string; clientId: string },
): Promise<{ team: typeof teams.$inferSelect; agents: Map<string, PendingStepAgent> }> {
  if (!isUuid(options.teamId)) throw teamNotFound(options.teamId);
  const rows = await readTeamAndAgents(tx, {
    teamId: options.teamId.toLowerCase(),
    clientId: options.clientId,
  });
  const team = rows[0]?.team;
  if (!team) throw teamNotFound(options.teamId);
  const found = new Map<string, PendingStepAgent>();
  for (const { agent, agentInputs, clientInputs } of rows) {
    if (agent) found.set(agent.id, pendingStepAgent({ agent, agentInputs, clientInputs }));
  }
  return { team, agents: found };
}

/** The team's row with each agent its definition names (one row per agent; its agent null when none exists). */
const readTeamAndAgents = reusableSelect('renum_team_start_read', (tx) =>
  tx
    .select({
      team: teams,
      agent: agents,
      agentInputs: sql<AgentInputsJson | null>`case when ${agents.id} is null then null
        else ${agentInputsSql(sql`"agents"`)} end`,
      clientInputs: sql<ClientInputsJson | null>`case when ${agents.id} is null then null
        else ${clientInputsSql(sql`${sql.placeholder('clientId')}::uuid`)} end`,
    })
    .from(teams)
    .leftJoin(
      agents,
      sql`${agents.id} = any(array(select (step ->> 'agent_id')::uuid
        from jsonb_array_elements(${teams.workflow_definition} -> 'agents') step))`,
    )
    .where(eq(teams.id, sql.placeholder('teamId'))),
);

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
  const count = rows.steps.length;
  const values = prefixRow(teamExecutions, 'x_', rows.execution);
  for (const [index, step] of rows.steps.entries())
    prefixRow(teamAgentExecutions, `s${index}_`, step, values);
  // A named statement per number of steps (ADR 0080), up to a size teams commonly have.
  const variant = count <= namedUpTo ? String(count) : undefined;
  const build = (inTx: Transaction) =>
    combineWrites([
      inTx.insert(teamExecutions).values(placeholderRow(teamExecutions, 'x_')),
      inTx
        .insert(teamAgentExecutions)
        .values(rows.steps.map((_step, index) => placeholderRow(teamAgentExecutions, `s${index}_`))),
    ]);
  sendAhead(tx, executionInsert(tx, variant, build, values));
}

const namedUpTo = 12;
const executionInsert = statementCache(
  'renum_team_execution_insert',
  (variant) => `renum_team_execution_insert_${variant}`,
);
