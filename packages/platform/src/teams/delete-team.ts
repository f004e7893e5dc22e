import { teams, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadTeam } from './team-rows.ts';

/** Deletes a team with its executions (their runs and ledger rows stay). */
export async function deleteTeam(deps: PlatformDeps, options: { principal: Principal; teamId: string }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const team = await loadTeam(tx, options.teamId);
    await tx.delete(teams).where(eq(teams.id, team.id));
  });
}
