import type { TeamAgentExecution, TeamExecution } from '@renum/contracts';
import { type Transaction, teamAgentExecutions, type teamExecutions, withClient } from '@renum/db';
import { asc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { toWire } from '../wire.ts';
import { loadExecution } from './team-rows.ts';

/** Wire form of an execution row without its steps. */
export function executionRowToWire(row: typeof teamExecutions.$inferSelect): Omit<TeamExecution, 'steps'> {
  const { cancel_requested_at: _cancel, updated_at: _updated, ...rest } = toWire(row);
  return rest as Omit<TeamExecution, 'steps'>;
}

/** Wire form of a step row. */
export function stepToWire(row: typeof teamAgentExecutions.$inferSelect): TeamAgentExecution {
  const { client_id: _client, created_at: _created, updated_at: _updated, ...rest } = toWire(row);
  return rest as TeamAgentExecution;
}

/** An execution with its steps, read in `tx` (or in its own transaction of the client's scope). */
export async function readExecution(tx: Transaction, executionId: string): Promise<TeamExecution> {
  const execution = await loadExecution(tx, executionId);
  const steps = await tx
    .select()
    .from(teamAgentExecutions)
    .where(eq(teamAgentExecutions.execution_id, execution.id))
    .orderBy(asc(teamAgentExecutions.step_index));
  return { ...executionRowToWire(execution), steps: steps.map(stepToWire) };
}

/** {@link readExecution} in a transaction of its own. */
export function executionToWire(deps: PlatformDeps, options: { clientId: string; executionId: string }) {
  return withClient(deps.db, options.clientId, (tx) => readExecution(tx, options.executionId));
}
