import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * Joins several writes (Drizzle insert, update or delete builders, not yet run) into one
 * statement: all but the last become data-modifying `WITH` parts, so they travel in a single round
 * trip and succeed or fail together. Postgres runs each part exactly once, on one snapshot: parts
 * must not depend on each other's effects (two updates of the same row, or reading a row another
 * part inserts). Constraints are still checked at the end of the statement.
 */
export function combineWrites(writes: readonly SQLWrapper[]): SQL {
  if (writes.length === 0) throw new Error('combineWrites needs at least one write');
  // getSQL(): a builder embedded as it is would be wrapped in parentheses, as a subquery.
  const last = writes.at(-1)!.getSQL();
  if (writes.length === 1) return last;
  const parts = writes
    .slice(0, -1)
    .map((write, index) => sql`${sql.raw(`w${index}`)} as (${write.getSQL()})`);
  return sql`with ${sql.join(parts, sql`, `)} ${last}`;
}
