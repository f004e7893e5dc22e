import type { UpdateSubAgent } from '@renum/contracts';
import { subAgents, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { toWire } from '../wire.ts';
import { loadSubAgent } from './sub-agent-id.ts';

/** Changes a sub-agent; topics are normalised by the contract. */
export async function updateSubAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; subAgentId: string; input: UpdateSubAgent },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  return withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    const current = await loadSubAgent(tx, agent.id, options.subAgentId);
    if (options.input.system_prompt !== undefined) {
      assertPromptVariables({
        text: options.input.system_prompt,
        agentConfig: agent.config,
        field: 'system_prompt',
      });
    }
    const [row] = await tx
      .update(subAgents)
      .set(options.input)
      .where(eq(subAgents.id, current.id))
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'sub_agent.update',
        targetType: 'sub_agent',
        targetId: current.id,
        clientId,
        data: { fields: Object.keys(options.input) },
      },
    });
    return toWire(row!);
  });
}
