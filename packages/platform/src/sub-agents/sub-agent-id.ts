import { AppError, isUuid } from '@renum/contracts';
import { subAgents, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/** Loads a sub-agent of `agentId` in the client scope, or throws 404 (400 for a malformed id). */
export async function loadSubAgent(tx: Transaction, agentId: string, subAgentId: string) {
  if (!isUuid(subAgentId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid sub-agent id: it must be a UUID', {
      context: { field: 'id' },
    });
  }
  const [row] = await tx
    .select()
    .from(subAgents)
    .where(and(eq(subAgents.id, subAgentId.toLowerCase()), eq(subAgents.agent_id, agentId)));
  if (!row) {
    throw new AppError('SUB_AGENT_NOT_FOUND', 'Sub-agent not found', {
      context: { agent_id: agentId, sub_agent_id: subAgentId },
    });
  }
  return row;
}
