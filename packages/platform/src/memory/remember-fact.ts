import { truncateText } from '@renum/contracts';
import { memories, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/**
 * Stores a fact about a contact for an agent (the `remember` tool). The same fact twice is kept
 * once. Runs in the caller's client-scoped transaction.
 */
export async function rememberFact(
  tx: Transaction,
  options: {
    id: string;
    clientId: string;
    agentId: string;
    contactId: string;
    fact: string;
    conversationId?: string | null;
  },
): Promise<{ id: string; created: boolean }> {
  const fact = truncateText(options.fact.trim().replace(/\s+/g, ' '), 4000);
  const [existing] = await tx
    .select({ id: memories.id })
    .from(memories)
    .where(
      and(
        eq(memories.contact_id, options.contactId),
        eq(memories.agent_id, options.agentId),
        eq(memories.content, fact),
      ),
    );
  if (existing) return { id: existing.id, created: false };
  await tx.insert(memories).values({
    id: options.id,
    client_id: options.clientId,
    agent_id: options.agentId,
    contact_id: options.contactId,
    content: fact,
    source_conversation_id: options.conversationId ?? null,
  });
  return { id: options.id, created: true };
}
