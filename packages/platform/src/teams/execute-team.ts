import { AppError, type TeamExecutionStatus } from '@renum/contracts';
import { isUniqueViolation, type Transaction, teamExecutions, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { sendAdmission } from '../limits/admit-run.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { advanceExecution, type TeamEngineDeps } from './advance-execution.ts';
import { cacheContextAfterCommit } from './cache-context.ts';
import { checkWorkflow } from './check-workflow.ts';
import { insertExecution, newExecutionRows, readTeamForStart } from './start-rows.ts';
import { storedDefinition } from './team-rows.ts';

/**
 * Starts an execution of a team (seed 002 `execute_team`) and answers its id at once: the execution, its
 * steps, the shared context and the first steps' jobs commit in one transaction; the steps run in the
 * background on any worker. The definition is validated again (an agent may have been deleted since).
 */
export async function executeTeam(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    engine: TeamEngineDeps;
    teamId: string;
    initialPrompt: string;
    /** The request's `Idempotency-Key`: a retry answers the execution the first request started. */
    idempotencyKey?: string | undefined;
  },
): Promise<{ execution_id: string; status: TeamExecutionStatus }> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const start = {
    engine: options.engine,
    clientId,
    userId: options.principal.userId,
    teamId: options.teamId,
    initialPrompt: options.initialPrompt,
    idempotencyKey: options.idempotencyKey,
  };
  try {
    return await startTeamExecution(deps, start);
  } catch (error) {
    // The same request retried while the first was committing: answered with the first.
    if (!(options.idempotencyKey && isUniqueViolation(error, 'idx_team_executions_idempotency_key')))
      throw error;
    const earlier = await withClient(deps.db, clientId, (tx) => findIdempotentExecution(tx, start));
    if (!earlier) throw error;
    return earlier;
  }
}

/**
 * The execution an `Idempotency-Key` already started in this client, or null when the key is new.
 * @throws AppError `CONFLICT` when the key started an execution of another team
 */
async function findIdempotentExecution(
  tx: Transaction,
  options: { teamId: string; idempotencyKey?: string },
) {
  if (!options.idempotencyKey) return null;
  const [execution] = await tx
    .select({ id: teamExecutions.id, team_id: teamExecutions.team_id, status: teamExecutions.status })
    .from(teamExecutions)
    .where(eq(teamExecutions.idempotency_key, options.idempotencyKey));
  if (!execution) return null;
  if (execution.team_id !== options.teamId.toLowerCase()) {
    throw new AppError('CONFLICT', 'This Idempotency-Key was already used for another team', {
      context: { team_id: options.teamId },
    });
  }
  return { execution_id: execution.id, status: execution.status };
}

/**
 * {@link executeTeam} without a caller: for the platform's own starters (a schedule's tick), which name
 * the client and the user the usage is attributed to. Checks the client's budget and run quotas.
 */
export async function startTeamExecution(
  deps: PlatformDeps,
  options: {
    engine: TeamEngineDeps;
    clientId: string;
    userId: string | null;
    teamId: string;
    initialPrompt: string;
    /** See {@link executeTeam}. */
    idempotencyKey?: string | undefined;
    /** An existing transaction of the client's scope to start it in (a schedule's tick). */
    tx?: Transaction;
  },
): Promise<{ execution_id: string; status: TeamExecutionStatus }> {
  const start = (tx: Transaction) => storeExecution(deps, tx, options);
  return options.tx ? start(options.tx) : withClient(deps.db, options.clientId, start);
}

async function storeExecution(
  deps: PlatformDeps,
  tx: Transaction,
  options: Parameters<typeof startTeamExecution>[1],
) {
  const earlier = await findIdempotentExecution(tx, options);
  if (earlier) return earlier;
  // Budget and run quotas (402, 429): read now, with the team (ADR 0079); judged after the definition's check.
  const admission = sendAdmission(deps, { tx, clientId: options.clientId });
  // The team and its agents with what their runs read: the definition's check, and its first steps' inputs
  // (ADR 0076), in one statement.
  const { team, agents: found } = await readTeamForStart(tx, options);
  if (team.status !== 'active')
    throw new AppError('VALIDATION_ERROR', 'This team is inactive; activate it to run it', {
      context: { team_id: team.id },
    });
  const definition = storedDefinition(team.workflow_definition);
  await checkWorkflow(tx, definition, new Set(found.keys()));
  await admission();
  const { execution, steps } = newExecutionRows(deps, {
    clientId: options.clientId,
    teamId: team.id,
    userId: options.userId,
    definition,
    initialPrompt: options.initialPrompt,
    idempotencyKey: options.idempotencyKey ?? null,
    now: deps.clock(),
  });
  // Sent now; the first steps' write is sent behind it without waiting for its answer (ADR 0079).
  insertExecution(tx, { execution, steps });
  cacheContextAfterCommit(deps, options.engine, tx, {
    clientId: options.clientId,
    executionId: execution.id,
    version: 0,
    context: execution.shared_context,
  });
  const known = { steps, pending: new Map(steps.map((step) => [step.id, found.get(step.agent_id) ?? null])) };
  await advanceExecution(deps, options.engine, { tx, execution, known, starting: true });
  return { execution_id: execution.id, status: execution.status };
}
