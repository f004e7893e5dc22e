import { subAgents, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadSubAgent } from './sub-agent-id.ts';

/** Deletes a sub-agent. */
export async function deleteSubAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; subAgentId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  await withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    const current = await loadSubAgent(tx, agent.id, options.subAgentId);
    await tx.delete(subAgents).where(eq(subAgents.id, current.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'sub_agent.delete',
        targetType: 'sub_agent',
        targetId: current.id,
        clientId,
        data: { agent_id: agent.id },
      },
    });
  });
}
