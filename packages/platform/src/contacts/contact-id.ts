import { AppError, isUuid } from '@renum/contracts';
import { contacts, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/** Loads a contact in the client scope, or throws `404 CONTACT_NOT_FOUND` (400 when malformed). */
export async function loadContact(tx: Transaction, contactId: string) {
  if (!isUuid(contactId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid contact id: it must be a UUID', {
      context: { field: 'contact_id' },
    });
  }
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, contactId.toLowerCase()));
  if (!row)
    throw new AppError('CONTACT_NOT_FOUND', 'Contact not found', { context: { contact_id: contactId } });
  return row;
}
