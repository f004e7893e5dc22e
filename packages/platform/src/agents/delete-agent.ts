import { agents, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadAgent } from './agent-id.ts';

/** Deletes an agent and, by cascade, its sub-agents. */
export async function deleteAgent(deps: PlatformDeps, options: { principal: Principal; agentId: string }) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    await tx.delete(agents).where(eq(agents.id, agent.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.delete',
        targetType: 'agent',
        targetId: agent.id,
        clientId,
        data: { name: agent.name },
      },
    });
  });
}
