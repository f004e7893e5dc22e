import { AppError, isUuid, type WorkflowDefinition, workflowDefinitionSchema } from '@renum/contracts';
import { type Transaction, teamAgentExecutions, teamExecutions, teams } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { toWire } from '../wire.ts';

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
  const query = tx.select().from(teamExecutions).where(eq(teamExecutions.id, executionId.toLowerCase()));
  const [execution] = options.lock ? await query.for('update') : await query;
  if (!execution) throw executionNotFound(executionId);
  return execution;
}

/**
 * Loads an execution, locked, with one of its steps (undefined when it has no such step) in one statement,
 * or throws `404 TEAM_EXECUTION_NOT_FOUND`.
 */
export async function loadExecutionStep(tx: Transaction, options: { executionId: string; stepId: string }) {
  const { executionId, stepId } = options;
  if (!isUuid(executionId)) throw executionNotFound(executionId);
  const [row] = await tx
    .select({ execution: teamExecutions, step: teamAgentExecutions })
    .from(teamExecutions)
    .leftJoin(
      teamAgentExecutions,
      and(eq(teamAgentExecutions.id, stepId), eq(teamAgentExecutions.execution_id, teamExecutions.id)),
    )
    .where(eq(teamExecutions.id, executionId.toLowerCase()))
    .for('update', { of: teamExecutions });
  if (!row) throw executionNotFound(executionId);
  return { execution: row.execution, step: row.step ?? undefined };
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
