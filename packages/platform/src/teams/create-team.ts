import type { CreateTeam } from '@renum/contracts';
import { teams, withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { checkWorkflow } from './check-workflow.ts';
import { teamToWire } from './team-rows.ts';

/** Creates a team for the caller's client; its definition is validated against the client's agents. */
export async function createTeam(deps: PlatformDeps, options: { principal: Principal; input: CreateTeam }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  return withClient(deps.db, clientId, async (tx) => {
    await checkWorkflow(tx, input.workflow_definition);
    const [row] = await tx
      .insert(teams)
      .values({
        id: deps.newId(),
        client_id: clientId,
        name: input.name,
        description: input.description ?? null,
        workflow_definition: input.workflow_definition,
        status: input.status ?? 'active',
        created_by: options.principal.userId,
      })
      .returning();
    return teamToWire(row!);
  });
}
