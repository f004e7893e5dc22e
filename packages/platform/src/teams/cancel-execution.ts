import { AppError } from '@renum/contracts';
import { runs, teamAgentExecutions, teamExecutions, withClient } from '@renum/db';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { stopRun } from '../runs/stop-run.ts';
import { advanceExecution, type TeamEngineDeps } from './advance-execution.ts';
import { executionToWire } from './execution-wire.ts';
import { loadExecution } from './team-rows.ts';

/**
 * Cancels an execution: records the request, cancels the steps not started, and stops the running
 * steps' runs from any process (each run settles `stopped`, then its step `cancelled`); the execution
 * ends `cancelled` once no step runs. `409 TEAM_EXECUTION_NOT_ACTIVE` when it already ended.
 */
export async function cancelExecution(
  deps: PlatformDeps,
  options: { principal: Principal; engine: TeamEngineDeps; manager: RunManager; executionId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const running = await withClient(deps.db, clientId, async (tx) => {
    const execution = await loadExecution(tx, options.executionId, { lock: true });
    if (!['pending', 'running'].includes(execution.status))
      throw new AppError('TEAM_EXECUTION_NOT_ACTIVE', `This execution is already ${execution.status}`, {
        context: { execution_id: execution.id, status: execution.status },
      });
    const now = deps.clock();
    if (!execution.cancel_requested_at) {
      await tx
        .update(teamExecutions)
        .set({ cancel_requested_at: now })
        .where(eq(teamExecutions.id, execution.id));
      execution.cancel_requested_at = now;
    }
    await advanceExecution(deps, options.engine, { tx, execution });
    return tx
      .select({ runId: runs.id })
      .from(teamAgentExecutions)
      .innerJoin(runs, eq(runs.id, teamAgentExecutions.run_id))
      .where(
        and(
          eq(teamAgentExecutions.execution_id, execution.id),
          eq(teamAgentExecutions.status, 'running'),
          isNotNull(teamAgentExecutions.run_id),
        ),
      );
  });
  for (const { runId } of running) {
    await stopRun(deps, {
      principal: options.principal,
      manager: options.manager,
      bus: options.engine.bus,
      onPublishError: options.engine.onPublishError,
      runId, // a run that ended meanwhile is answered as it is: its step records it and sees the cancel
    });
  }
  return executionToWire(deps, { clientId, executionId: options.executionId });
}
