import { memories, withClient } from '@renum/db';
import { desc, eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { toWire } from '../wire.ts';
import { loadContact } from './contact-id.ts';

/** Everything the client's agents remember about a contact, newest first. */
export async function listContactMemories(
  deps: PlatformDeps,
  options: { principal: Principal; contactId: string },
) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const contact = await loadContact(tx, options.contactId);
    const rows = await tx
      .select({
        id: memories.id,
        agent_id: memories.agent_id,
        contact_id: memories.contact_id,
        content: memories.content,
        source_conversation_id: memories.source_conversation_id,
        created_at: memories.created_at,
      })
      .from(memories)
      .where(eq(memories.contact_id, contact.id))
      .orderBy(desc(memories.created_at));
    return { data: rows.map(toWire) };
  });
}
