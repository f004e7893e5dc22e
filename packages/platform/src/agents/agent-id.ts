import { AppError, isUuid } from '@renum/contracts';
import { agents, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/** Checks an agent id's form: a malformed one is `400 INVALID_AGENT_ID`. */
export function parseAgentId(agentId: string): string {
  if (!isUuid(agentId)) {
    throw new AppError('INVALID_AGENT_ID', 'Invalid agent id: it must be a UUID', {
      context: { agent_id: agentId },
    });
  }
  return agentId.toLowerCase();
}

/** Not found, for an agent that does not exist or belongs to another client (never 403). */
export function agentNotFound(agentId: string): AppError {
  return new AppError('AGENT_NOT_FOUND', 'Agent not found', { context: { agent_id: agentId } });
}

/** Loads an agent visible in the transaction's client scope, or throws `404 AGENT_NOT_FOUND`. */
export async function loadAgent(tx: Transaction, agentId: string) {
  const id = parseAgentId(agentId);
  const [agent] = await tx.select().from(agents).where(eq(agents.id, id));
  if (!agent) throw agentNotFound(agentId);
  return agent;
}
