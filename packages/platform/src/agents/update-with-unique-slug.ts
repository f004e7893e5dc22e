import { randomBytes } from 'node:crypto';
import { AppError } from '@renum/contracts';
import { agents, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

function isSlugConflict(error: unknown): boolean {
  return String((error as Error)?.cause ?? error).includes('agents_slug_key');
}

/**
 * Updates an agent with `slug` = `base`, or, when `suffixOnConflict`, `base` with a random suffix while
 * the slug is taken. Slugs are unique across clients, so the unique index (which sees the rows RLS
 * hides, and blocks a concurrent insert of the same slug until it commits) is the check; each try runs
 * in a savepoint so a conflict leaves the transaction usable.
 * @throws AppError `SLUG_TAKEN` when the slug is taken and no suffix is allowed
 */
export async function updateWithUniqueSlug(
  tx: Transaction,
  options: {
    agentId: string;
    base: string;
    suffixOnConflict: boolean;
    set: (slug: string) => Partial<typeof agents.$inferInsert>;
  },
) {
  for (let attempt = 0; attempt < 6; attempt++) {
    const slug = attempt === 0 ? options.base : `${options.base}-${randomBytes(3).toString('hex')}`;
    try {
      const [row] = await tx.transaction((savepoint) =>
        savepoint
          .update(agents)
          .set({ ...options.set(slug), slug })
          .where(eq(agents.id, options.agentId))
          .returning(),
      );
      return row!;
    } catch (error) {
      if (!isSlugConflict(error)) throw error;
      if (!options.suffixOnConflict) {
        throw new AppError('SLUG_TAKEN', 'This slug is already taken', { context: { field: 'slug' } });
      }
    }
  }
  throw new AppError('CONFLICT', 'Could not find a free slug; choose one');
}
