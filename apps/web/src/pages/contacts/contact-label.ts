import type { Contact } from '@renum/contracts';

/** What a contact is called on screen: name, else phone, email or external id; `null` when none is known. */
export function contactLabel(contact: Contact): string | null {
  return contact.name ?? contact.phone ?? contact.email ?? contact.external_id ?? null;
}
