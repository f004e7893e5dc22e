import { AppError, isUuid, type WorkflowDefinition, workflowDefinitionSchema } from '@renum/contracts';
import {
  agents,
  messages,
  reusableSelect,
  runs,
  type Transaction,
  teamAgentExecutions,
  teamExecutions,
  teams,
} from '@renum/db';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  type AgentAndClientInputs,
  type AgentInputsJson,
  agentAndClientInputs,
  agentInputsSql,
  type ClientInputsJson,
  clientInputsSql,
} from '../runs/run-context.ts';
import { toWire } from '../wire.ts';
import { type ExecutionTotals, metricsObjectSql } from './execution-metrics.ts';

/** Not found, for a team that does not exist or is another client's (never 403). */
export function teamNotFound(teamId: string): AppError {
  return new AppError('TEAM_NOT_FOUND', 'Team not found', { context: { team_id: teamId } });
}

/** Not found, for an execution that does not exist or is another client's (never 403). */
export function executionNotFound(executionId: string): AppError {
  return new AppError('TEAM_EXECUTION_NOT_FOUND', 'Team execution not found', {
    context: { execution_id: executionId },
  });
}

/** Loads a team in the transaction's client scope, or throws `404 TEAM_NOT_FOUND`. */
export async function loadTeam(tx: Transaction, teamId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(teamId)) throw teamNotFound(teamId);
  const query = tx.select().from(teams).where(eq(teams.id, teamId.toLowerCase()));
  const [team] = options.lock ? await query.for('update') : await query;
  if (!team) throw teamNotFound(teamId);
  return team;
}

/** Loads an execution in the transaction's client scope, or throws `404 TEAM_EXECUTION_NOT_FOUND`. */
export async function loadExecution(tx: Transaction, executionId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(executionId)) throw executionNotFound(executionId);
  const read = options.lock ? lockExecution : readExecution;
  const [execution] = await read(tx, { executionId: executionId.toLowerCase() });
  if (!execution) throw executionNotFound(executionId);
  return execution;
}

/**
 * The execution's read, locked or not, built once per process (`reusableSelect`, ADR 0070): a step's start and
 * its record run it once a step.
 */
const readExecution = reusableSelect('renum_team_execution_read', (tx) =>
  tx
    .select()
    .from(teamExecutions)
    .where(eq(teamExecutions.id, sql.placeholder('executionId'))),
);
const lockExecution = reusableSelect('renum_team_execution_lock', (tx) =>
  tx
    .select()
    .from(teamExecutions)
    .where(eq(teamExecutions.id, sql.placeholder('executionId')))
    .for('update'),
);

/**
 * A pending step's agent, and what its run reads of that agent and its client when they were read with it
 * (ADR 0076; else the run reads them after it is stored).
 */
export interface PendingStepAgent {
  agent: typeof agents.$inferSelect;
  inputs: AgentAndClientInputs | undefined;
}

/** What a step's record reads of the step's run. */
export type RecordedRun = Pick<typeof runs.$inferSelect, 'id' | 'status' | 'error_code' | 'error_message'>;

/** An execution as a step's record reads it: locked, with all its steps, the step's run and its answer. */
export interface ExecutionForRecord {
  execution: typeof teamExecutions.$inferSelect;
  /** The execution's steps by index (the same objects the engine then updates in memory). */
  steps: Array<typeof teamAgentExecutions.$inferSelect>;
  /** The recorded step; undefined when the execution has no such step. */
  step: typeof teamAgentExecutions.$inferSelect | undefined;
  /** The step's run (when it is `runId`): how it ended; and its answer's text. */
  run: RecordedRun | undefined;
  text: string | null;
  /** The agent of each step still pending, by step id; null when that agent was deleted. */
  pending: Map<string, PendingStepAgent | null>;
  /**
   * The recorded step's usage and cost, summed from the ledger rows of its agent's runs in the execution
   * (every attempt), this run's included: the settlement wrote them earlier in the same transaction.
   */
  metrics: ExecutionTotals | undefined;
  /**
   * The execution's totals, summed from its ledger rows as the recorded step's are, when no other step is
   * pending or running (the execution then usually ends here, and its end needs no read of its own).
   */
  totals: ExecutionTotals | undefined;
}

/** A read's agent with what its run reads of agent and client, when the read answered both parts. */
export function pendingStepAgent(row: {
  agent: typeof agents.$inferSelect;
  agentInputs: AgentInputsJson | null;
  clientInputs: ClientInputsJson | null;
}): PendingStepAgent {
  const { agent, agentInputs, clientInputs } = row;
  const inputs =
    agentInputs && clientInputs ? agentAndClientInputs(agent, agentInputs, clientInputs) : undefined;
  return { agent, inputs };
}

/**
 * Loads what a step's record needs in one statement (ADR 0063, 0078): the execution, every step of it, the
 * recorded step's run `runId` with its answer's text and metrics, and the agents of the steps still pending
 * (the next steps to start) with what their runs read. The caller's transaction holds the execution's row
 * lock since it began (ADR 0078), so the statement sees what every transaction that held it before
 * committed. Throws `404 TEAM_EXECUTION_NOT_FOUND`.
 */
export async function loadExecutionForRecord(
  tx: Transaction,
  options: { clientId: string; executionId: string; stepId: string; runId: string },
): Promise<ExecutionForRecord> {
  const { stepId, runId, clientId } = options;
  if (!isUuid(options.executionId)) throw executionNotFound(options.executionId);
  const executionId = options.executionId.toLowerCase();
  const rows = await readStepsForRecord(tx, { executionId, stepId, runId, clientId });
  const execution = rows.find((row) => row.execution !== null)?.execution;
  if (!execution) throw executionNotFound(executionId);
  const steps = rows.map((row) => row.step);
  const recorded = rows.find((row) => row.step.id === stepId);
  const pending = new Map<string, PendingStepAgent | null>();
  for (const row of rows) {
    const { step, agent, agentInputs, clientInputs } = row;
    if (step.status === 'pending')
      pending.set(step.id, agent ? pendingStepAgent({ agent, agentInputs, clientInputs }) : null);
  }
  return {
    execution,
    steps,
    step: recorded?.step,
    run: recorded?.run ?? undefined,
    text: recorded?.text ?? null,
    pending,
    metrics: recorded?.metrics ?? undefined,
    totals: rows.find((row) => row.totals !== null)?.totals ?? undefined,
  };
}

/**
 * The steps' read of {@link loadExecutionForRecord}, built once per process (`reusableSelect`, ADR 0070):
 * building it (every column of three joined tables) cost more CPU than running it.
 */
const readStepsForRecord = reusableSelect('renum_team_steps_for_record', (tx) =>
  tx
    .select({
      step: teamAgentExecutions,
      execution: teamExecutions,
      agent: agents,
      // What the record reads of the step's run: whether and how it ended.
      run: {
        id: runs.id,
        status: runs.status,
        error_code: runs.error_code,
        error_message: runs.error_message,
      },
      // The run's answer, read in the same statement (only on the recorded step's row).
      text: sql<string | null>`(select ${messages.text} from ${messages}
        where ${and(eq(messages.run_id, runs.id), eq(messages.role, 'assistant'))}
        order by ${desc(messages.created_at)} limit 1)`,
      // What the first pending step's run reads of its agent and client: the step a record usually starts
      // (the next of a sequence) then reads nothing more (ADR 0076); any other reads after its run is stored.
      agentInputs: sql<AgentInputsJson | null>`case when ${notFirstPendingSql()} then null
        else ${agentInputsSql(sql`"agents"`)} end`,
      // The client's part of those inputs, on that row only.
      clientInputs: sql<ClientInputsJson | null>`case when ${notFirstPendingSql()} then null
        else ${clientInputsSql(sql`${sql.placeholder('clientId')}::uuid`)} end`,
      // The recorded step's metrics (only on its row): its record then writes them as they are (ADR 0076).
      metrics: sql<ExecutionTotals | null>`case when ${
        teamAgentExecutions.id
      } = ${sql.placeholder('stepId')} then ${metricsObjectSql({
        executionId: sql.placeholder('executionId'),
        agentId: sql`${teamAgentExecutions.agent_id}`,
      })} end`,
      // The execution's totals (on its first step's row), when the recorded step is the last one active.
      totals: sql<ExecutionTotals | null>`case when ${
        teamAgentExecutions.step_index
      } = 0 and ${lastActiveSql()} then ${metricsObjectSql({ executionId: sql.placeholder('executionId') })} end`,
    })
    .from(teamAgentExecutions)
    // The execution's row once, on its first step's row.
    .leftJoin(
      teamExecutions,
      and(eq(teamExecutions.id, teamAgentExecutions.execution_id), eq(teamAgentExecutions.step_index, 0)),
    )
    .leftJoin(
      agents,
      and(eq(agents.id, teamAgentExecutions.agent_id), eq(teamAgentExecutions.status, 'pending')),
    )
    .leftJoin(
      runs,
      and(eq(teamAgentExecutions.id, sql.placeholder('stepId')), eq(runs.id, sql.placeholder('runId'))),
    )
    .where(eq(teamAgentExecutions.execution_id, sql.placeholder('executionId')))
    .orderBy(asc(teamAgentExecutions.step_index)),
);

/** True on every row but the first pending step's with its agent (the row whose run inputs are read). */
function notFirstPendingSql() {
  return sql`${agents.id} is null or exists (select 1
    from ${teamAgentExecutions} earlier where earlier.execution_id = ${teamAgentExecutions.execution_id}
    and earlier.status = 'pending' and earlier.step_index < ${teamAgentExecutions.step_index})`;
}

/** True when no step but the recorded one is pending or running. */
function lastActiveSql() {
  return sql`not exists (select 1 from ${teamAgentExecutions} other
    where other.execution_id = ${teamAgentExecutions.execution_id} and other.status in ('pending', 'running')
    and other.id <> ${sql.placeholder('stepId')})`;
}

/** A stored definition, read back through its schema (defaults and all). */
export function storedDefinition(value: unknown): WorkflowDefinition {
  return workflowDefinitionSchema.parse(value);
}

/** Wire form of a team. */
export function teamToWire(row: typeof teams.$inferSelect) {
  const { created_by: _createdBy, ...rest } = toWire(row);
  return { ...rest, workflow_definition: storedDefinition(row.workflow_definition) };
}
