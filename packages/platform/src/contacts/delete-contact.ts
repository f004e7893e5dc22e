import { contacts, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadContact } from './contact-id.ts';

/**
 * Erases a contact (right to erasure under LGPD/GDPR): the database cascades to their
 * conversations, messages, runs, run events and memories. The audit row keeps only the id.
 */
export async function deleteContact(
  deps: PlatformDeps,
  options: { principal: Principal; contactId: string },
) {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  await withClient(deps.db, clientId, async (tx) => {
    const contact = await loadContact(tx, options.contactId);
    await tx.delete(contacts).where(eq(contacts.id, contact.id));
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'contact.erase', targetType: 'contact', targetId: contact.id, clientId },
    });
  });
}
