import { randomBytes } from 'node:crypto';
import { clients, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';
import { slugify } from '../agents/slugify.ts';

/** A slug for a new client derived from its name, suffixed when taken (platform scope). */
export async function uniqueClientSlug(tx: Transaction, name: string): Promise<string> {
  const base = slugify(name) || 'client';
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${randomBytes(3).toString('hex')}`;
    const [taken] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.slug, candidate));
    if (!taken) return candidate;
  }
  return `${base}-${randomBytes(8).toString('hex')}`;
}
