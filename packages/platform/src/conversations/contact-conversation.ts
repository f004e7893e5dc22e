import { conversations, type Transaction } from '@renum/db';
import { and, desc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { upsertContact } from './upsert-contact.ts';

/** Channels a contact writes from without a login (a public page's visitor, a WhatsApp sender). */
export type ContactChannel = 'web' | 'whatsapp';

/** The contact's open conversation with the agent on the channel, if any. */
export async function findContactConversation(
  tx: Transaction,
  options: { agentId: string; contactId: string; channel: ContactChannel },
) {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.agent_id, options.agentId),
        eq(conversations.contact_id, options.contactId),
        eq(conversations.channel, options.channel),
        eq(conversations.status, 'open'),
      ),
    )
    .orderBy(desc(conversations.id))
    .limit(1);
  return row;
}

/**
 * The open conversation of an outside contact (identified by `externalId`) with an agent on a channel,
 * opened with its contact on the first message: how an anonymous visitor's or a WhatsApp sender's
 * message becomes a contact and a conversation the client's inbox lists.
 */
export async function contactConversation(
  deps: Pick<PlatformDeps, 'newId'>,
  tx: Transaction,
  options: {
    clientId: string;
    agentId: string;
    channel: ContactChannel;
    contact: { external_id: string; name?: string | undefined; phone?: string | undefined };
  },
): Promise<string> {
  const contact = await upsertContact(tx, {
    clientId: options.clientId,
    id: deps.newId(),
    input: options.contact,
  });
  const existing = await findContactConversation(tx, {
    agentId: options.agentId,
    contactId: contact.id,
    channel: options.channel,
  });
  if (existing) return existing.id;
  const [created] = await tx
    .insert(conversations)
    .values({
      id: deps.newId(),
      client_id: options.clientId,
      agent_id: options.agentId,
      contact_id: contact.id,
      user_id: null,
      channel: options.channel,
      title: null,
    })
    .returning({ id: conversations.id });
  return created!.id;
}
