import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { executionToWire } from './execution-wire.ts';

/** An execution with its steps (results, usage and cost per agent), or `404 TEAM_EXECUTION_NOT_FOUND`. */
export async function getExecution(
  deps: PlatformDeps,
  options: { principal: Principal; executionId: string },
) {
  const { clientId } = requireClient(options.principal);
  return executionToWire(deps, { clientId, executionId: options.executionId });
}
