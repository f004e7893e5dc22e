import type { UpdateTeam } from '@renum/contracts';
import { teams, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { checkWorkflow } from './check-workflow.ts';
import { loadTeam, teamToWire } from './team-rows.ts';

/** Changes a team; a new definition is validated first. Running executions keep the plan they started with. */
export async function updateTeam(
  deps: PlatformDeps,
  options: { principal: Principal; teamId: string; input: UpdateTeam },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const team = await loadTeam(tx, options.teamId, { lock: true });
    if (input.workflow_definition) await checkWorkflow(tx, input.workflow_definition);
    const [row] = await tx
      .update(teams)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.workflow_definition ? { workflow_definition: input.workflow_definition } : {}),
        ...(input.status ? { status: input.status } : {}),
      })
      .where(eq(teams.id, team.id))
      .returning();
    return teamToWire(row!);
  });
}
