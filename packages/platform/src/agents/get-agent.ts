import { withClient } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadAgent } from './agent-id.ts';
import { agentToWire } from './agent-tools.ts';

/** One agent of the caller's client; `404 AGENT_NOT_FOUND` for unknown or foreign ids. */
export async function getAgent(deps: PlatformDeps, options: { principal: Principal; agentId: string }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => agentToWire(await loadAgent(tx, options.agentId)));
}
