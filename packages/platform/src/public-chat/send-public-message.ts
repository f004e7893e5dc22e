import type { PublicChatLimits, PublicHistory } from '@renum/contracts';
import { contacts, messages, withClient, withPlatform } from '@renum/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { contactConversation, findContactConversation } from '../conversations/contact-conversation.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { sendMessage } from '../runs/send-message.ts';
import { dailyMessageCap, findPublicAgent, publicPrincipal } from './public-agent.ts';
import { admitVisitorMessage } from './public-chat-limits.ts';

/** The contact a visitor is to the agent's client: one per visitor cookie. */
const visitorExternalId = (visitorId: string) => `visitor:${visitorId}`;

/**
 * A visitor's message to a public agent (its page or widget): refused past the limits (`429`), else
 * stored in the visitor's conversation (which the client's inbox lists, channel `web`) and answered by a
 * run, exactly as a member's message is; the caller follows the run's events.
 */
export async function sendPublicMessage(
  deps: PlatformDeps,
  options: {
    run: RunDeps;
    manager: RunManager;
    slug: string;
    visitorId: string;
    ip: string;
    content: string;
    limits: PublicChatLimits;
    /**
     * The request's `Idempotency-Key`: a retry answers the first send. Kept per visitor, so one visitor's
     * key never meets another's.
     */
    idempotencyKey?: string | undefined;
  },
) {
  const agent = await withPlatform(deps.db, (tx) => findPublicAgent(tx, options.slug));
  await admitVisitorMessage(deps, {
    agentId: agent.id,
    visitorId: options.visitorId,
    ip: options.ip,
    dailyCap: dailyMessageCap(agent),
    limits: options.limits,
  });
  const conversationId = await withClient(deps.db, agent.client_id, (tx) =>
    contactConversation(deps, tx, {
      clientId: agent.client_id,
      agentId: agent.id,
      channel: 'web',
      contact: { external_id: visitorExternalId(options.visitorId) },
    }),
  );
  const started = await sendMessage(deps, {
    principal: publicPrincipal(agent.client_id),
    run: options.run,
    manager: options.manager,
    conversationId,
    content: options.content,
    ...(options.idempotencyKey
      ? { idempotencyKey: `visitor:${options.visitorId}:${options.idempotencyKey}` }
      : {}),
  });
  return { ...started, clientId: agent.client_id };
}

/** The visitor's conversation with a public agent so far (text of user and assistant messages). */
export async function listVisitorMessages(
  deps: PlatformDeps,
  options: { slug: string; visitorId: string },
): Promise<PublicHistory> {
  const agent = await withPlatform(deps.db, (tx) => findPublicAgent(tx, options.slug));
  return withClient(deps.db, agent.client_id, async (tx) => {
    const [contact] = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.external_id, visitorExternalId(options.visitorId)));
    const conversation =
      contact &&
      (await findContactConversation(tx, { agentId: agent.id, contactId: contact.id, channel: 'web' }));
    if (!conversation) return { conversation_id: null, messages: [] };
    const rows = await tx
      .select({ id: messages.id, role: messages.role, text: messages.text, created_at: messages.created_at })
      .from(messages)
      .where(
        and(eq(messages.conversation_id, conversation.id), inArray(messages.role, ['user', 'assistant'])),
      )
      .orderBy(asc(messages.created_at), asc(messages.id))
      .limit(200);
    return {
      conversation_id: conversation.id,
      messages: rows.map((row) => ({
        id: row.id,
        role: row.role as 'user' | 'assistant',
        text: row.text,
        created_at: row.created_at.toISOString(),
      })),
    };
  });
}
