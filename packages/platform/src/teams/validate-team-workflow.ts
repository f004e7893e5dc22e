import type { WorkflowDefinition, WorkflowProblem } from '@renum/contracts';
import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { workflowProblems } from './check-workflow.ts';

/** Checks a definition against the caller's agents without saving it (the builder's live check). */
export async function validateTeamWorkflow(
  deps: PlatformDeps,
  options: { principal: Principal; definition: WorkflowDefinition },
): Promise<{ valid: boolean; problems: WorkflowProblem[] }> {
  const { clientId } = requireClient(options.principal);
  const problems = await withClient(deps.db, clientId, (tx) => workflowProblems(tx, options.definition));
  return { valid: problems.length === 0, problems };
}
