import { AppError } from '@renum/contracts';

/** A row with its `Date` fields as ISO-8601 strings, as the API sends them. */
export type Wire<Row> = {
  [Key in keyof Row]: Row[Key] extends Date
    ? string
    : Row[Key] extends Date | null
      ? string | null
      : Row[Key];
};

/** Converts a database row to its wire form (dates to ISO-8601 UTC). */
export function toWire<Row extends object>(row: Row): Wire<Row> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row))
    out[key] = value instanceof Date ? value.toISOString() : value;
  return out as Wire<Row>;
}

/** Opaque cursor for id-ordered pages (ids are time-ordered UUIDv7). */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** Decodes a cursor from {@link encodeCursor}; null when malformed. */
export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
}

/**
 * The id a page continues after, from the query's cursor; undefined without one.
 * @throws AppError VALIDATION_ERROR (field `cursor`) when the cursor is malformed
 */
export function cursorId(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = decodeCursor(cursor);
  if (!id) throw new AppError('VALIDATION_ERROR', 'Invalid cursor', { context: { field: 'cursor' } });
  return id;
}

/** Escapes LIKE wildcards in user input. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/**
 * A page from rows fetched with `limit + 1`: the first `limit` rows and, when there were more,
 * the cursor of the last one.
 */
export function toPage<Row extends { id: string }, Item>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Item,
) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(map), next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
