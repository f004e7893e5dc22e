import { subAgents, withClient } from '@renum/db';
import { asc, eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';

/** Every sub-agent of an agent, oldest first. */
export async function listSubAgents(deps: PlatformDeps, options: { principal: Principal; agentId: string }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    const rows = await tx
      .select()
      .from(subAgents)
      .where(eq(subAgents.agent_id, agent.id))
      .orderBy(asc(subAgents.id));
    return { data: rows.map(toWire) };
  });
}
