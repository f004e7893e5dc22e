import type { ClientLimits } from '@renum/contracts';
import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { readClientLimits } from './client-limits-view.ts';

/** The caller's own plan, budget, spend this month and limits (any member or API key may read them). */
export async function getLimits(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<ClientLimits> {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, (tx) => readClientLimits(tx, { clientId, now: deps.clock() }));
}
