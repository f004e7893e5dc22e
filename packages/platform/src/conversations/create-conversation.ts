import type { CreateConversation } from '@renum/contracts';
import { conversations, withClient } from '@renum/db';
import { loadAgent } from '../agents/agent-id.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { conversationToWire } from './conversation-id.ts';
import { upsertContact } from './upsert-contact.ts';

/**
 * Opens a conversation with any agent of the caller's client (drafts included: the sandbox before
 * publishing), optionally with a contact matched by `external_id`.
 */
export async function createConversation(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; input: CreateConversation },
) {
  const { clientId } = requireClient(options.principal);
  const { input, principal } = options;
  return withClient(deps.db, clientId, async (tx) => {
    const agent = await loadAgent(tx, options.agentId);
    const contact = input.contact
      ? await upsertContact(tx, { clientId, id: deps.newId(), input: input.contact })
      : null;
    const [row] = await tx
      .insert(conversations)
      .values({
        id: deps.newId(),
        client_id: clientId,
        agent_id: agent.id,
        contact_id: contact?.id ?? null,
        user_id: principal.userId,
        channel: input.channel ?? (principal.kind === 'api_key' ? 'api' : 'web'),
        title: input.title ?? null,
      })
      .returning();
    return conversationToWire(row!);
  });
}
