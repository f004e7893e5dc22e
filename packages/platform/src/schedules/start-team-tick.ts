import { AppError, type TeamScheduleTarget } from '@renum/contracts';
import { scheduleExecutions, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { startTeamExecution } from '../teams/execute-team.ts';
import { teamEngineDeps } from '../teams/run-team-step.ts';
import type { ScheduleTickDeps } from './run-schedule-tick.ts';

/**
 * Starts the team execution of a team schedule's tick, in one transaction with the tick's record (the
 * execution row locked, so a retried job finds the execution it started and starts none). Budget- and
 * quota-checked like any run (`startTeamExecution`); a refusal for a client reason (budget, quota, the
 * team inactive or deleted) is recorded as a failed tick, not retried.
 */
export async function startTeamTick(
  tick: ScheduleTickDeps,
  options: { executionId: string; clientId: string; target: TeamScheduleTarget },
): Promise<void> {
  const { deps } = tick;
  const { clientId, target } = options;
  try {
    await withClient(deps.db, clientId, async (tx) => {
      const [row] = await tx
        .select({ executionId: scheduleExecutions.execution_id })
        .from(scheduleExecutions)
        .where(eq(scheduleExecutions.id, options.executionId))
        .for('update');
      if (!row || row.executionId) return;
      const started = await startTeamExecution(deps, {
        engine: teamEngineDeps(tick.run, tick.manager),
        clientId,
        userId: null,
        teamId: target.team_id,
        initialPrompt: target.prompt,
        tx,
      });
      await tx
        .update(scheduleExecutions)
        .set({ execution_id: started.execution_id })
        .where(eq(scheduleExecutions.id, options.executionId));
    });
  } catch (error) {
    if (!AppError.isInstance(error) || error.status >= 500) throw error;
    await withClient(deps.db, clientId, (tx) =>
      tx
        .update(scheduleExecutions)
        .set({ status: 'failed', reason: `${error.code}: ${error.message}` })
        .where(eq(scheduleExecutions.id, options.executionId)),
    );
  }
}
