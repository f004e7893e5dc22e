import { withClient } from '@renum/db';
import { loadAgent } from '../agents/agent-id.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';
import { loadSubAgent } from './sub-agent-id.ts';

/** One sub-agent of an agent of the caller's client. */
export async function getSubAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; subAgentId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    return toWire(await loadSubAgent(tx, agent.id, options.subAgentId));
  });
}
