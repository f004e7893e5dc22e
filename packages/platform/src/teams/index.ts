export { advanceExecution, type TeamEngineDeps } from './advance-execution.ts';
export { cancelExecution } from './cancel-execution.ts';
export {
  type CachedTeamContext,
  createRedisTeamContextCache,
  type TeamContextCache,
} from './context-cache.ts';
export { createTeam } from './create-team.ts';
export { deleteTeam } from './delete-team.ts';
export { executeTeam, startTeamExecution } from './execute-team.ts';
export { executionMetrics } from './execution-metrics.ts';
export { followExecutionEvents } from './follow-execution-events.ts';
export { getExecution } from './get-execution.ts';
export { getExecutionContext } from './get-execution-context.ts';
export { getTeam } from './get-team.ts';
export { listExecutions } from './list-executions.ts';
export { listTeams } from './list-teams.ts';
export { teamEngineDeps, teamStepHandler } from './run-team-step.ts';
export { isTerminalExecutionEvent } from './team-events.ts';
export { teamStepJob } from './team-jobs.ts';
export { updateTeam } from './update-team.ts';
export { validateTeamWorkflow } from './validate-team-workflow.ts';
