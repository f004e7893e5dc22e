import { contacts, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/** Finds the client's contact with this `external_id` (updating name and phone), or creates one. */
export async function upsertContact(
  tx: Transaction,
  options: {
    clientId: string;
    id: string;
    input: { external_id?: string | undefined; name?: string | undefined; phone?: string | undefined };
  },
) {
  const { clientId, input } = options;
  if (input.external_id) {
    const [existing] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.client_id, clientId), eq(contacts.external_id, input.external_id)));
    if (existing) {
      if ((input.name && input.name !== existing.name) || (input.phone && input.phone !== existing.phone)) {
        const [updated] = await tx
          .update(contacts)
          .set({ name: input.name ?? existing.name, phone: input.phone ?? existing.phone })
          .where(eq(contacts.id, existing.id))
          .returning();
        return updated!;
      }
      return existing;
    }
  }
  const [created] = await tx
    .insert(contacts)
    .values({
      id: options.id,
      client_id: clientId,
      external_id: input.external_id ?? null,
      name: input.name ?? null,
      phone: input.phone ?? null,
    })
    .returning();
  return created!;
}
