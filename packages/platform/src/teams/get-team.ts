import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadTeam, teamToWire } from './team-rows.ts';

/** One of the caller's client's teams, or `404 TEAM_NOT_FOUND`. */
export async function getTeam(deps: PlatformDeps, options: { principal: Principal; teamId: string }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => teamToWire(await loadTeam(tx, options.teamId)));
}
