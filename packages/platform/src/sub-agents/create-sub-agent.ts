import type { CreateSubAgent } from '@renum/contracts';
import { subAgents, withClient } from '@renum/db';
import { loadAgent } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { toWire } from '../wire.ts';

/** Adds a sub-agent under an agent of the caller's client; model and channel default to the agent's. */
export async function createSubAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; input: CreateSubAgent },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const { input } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    assertPromptVariables({ text: input.system_prompt, agentConfig: agent.config, field: 'system_prompt' });
    const [row] = await tx
      .insert(subAgents)
      .values({
        id: deps.newId(),
        client_id: clientId,
        agent_id: agent.id,
        name: input.name,
        description: input.description ?? null,
        topics: input.topics,
        model: input.model ?? agent.model,
        system_prompt: input.system_prompt,
        channel: input.channel ?? agent.channel,
        is_active: input.is_active ?? true,
        fine_tuning_config: input.fine_tuning_config ?? null,
        knowledge_base: input.knowledge_base ?? null,
      })
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'sub_agent.create',
        targetType: 'sub_agent',
        targetId: row!.id,
        clientId,
        data: { agent_id: agent.id },
      },
    });
    return toWire(row!);
  });
}
