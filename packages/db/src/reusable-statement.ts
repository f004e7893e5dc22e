import { type Column, getTableColumns, type Query, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Transaction } from './database.ts';

/** The parts of a transaction through which Drizzle itself builds and runs `tx.execute(…)` (both drivers). */
interface TransactionInternals {
  dialect: { sqlToQuery(sql: SQL): Query };
  session: {
    prepareQuery(
      query: Query,
      fields: undefined,
      name: string | undefined,
      isResponseInArrayMode: boolean,
    ): { execute(values?: Record<string, unknown>): Promise<unknown> };
  };
}

/**
 * A statement on the hot path (typically writes joined by `combineWrites`) whose SQL text Drizzle builds once
 * per process and variant instead of on every call, as {@link reusableSelect} does for selects (ADR 0070,
 * 0074): `build` gets a transaction and the variant and returns the statement with `sql.placeholder(name)`
 * where its inputs go (see {@link placeholderRow}); the function returned runs it in any transaction with
 * those inputs, as the named prepared statement `name_variant`, and answers its rows. Building an insert of
 * every column of a wide table cost more CPU than sending it. A placeholder in an insert's or update's values
 * is encoded by its column (dates, JSON) as a value would be; elsewhere it goes to the driver as it is. `build`
 * must give the same statement for a variant every time: everything that varies goes through a placeholder.
 */
export function reusableStatement<Variant extends string>(
  name: string,
  build: (tx: Transaction, variant: Variant) => SQLWrapper,
): (
  tx: Transaction,
  variant: Variant,
  values: Record<string, unknown>,
) => Promise<Record<string, unknown>[]> {
  const statements = statementCache(name, (variant) => `${name}_${variant}`);
  return (tx, variant, values) => statements(tx, variant, (inTx) => build(inTx, variant), values);
}

/**
 * {@link reusableStatement} for statements whose variants the caller cannot list in advance (a shape key
 * computed from the call): `build` is called on a variant's first use only, and each variant is prepared as
 * `name_1`, `name_2`… in the order first seen. An undefined variant is a shape not worth keeping: built for
 * this call and sent unnamed (its placeholders are filled all the same). Keep the variants few: each one stays
 * built in the process and prepared on each connection that ran it.
 */
export function statementCache(
  name: string,
  nameOf: (variant: string, index: number) => string = (_variant, index) => `${name}_${index}`,
): (
  tx: Transaction,
  variant: string | undefined,
  build: (tx: Transaction) => SQLWrapper,
  values: Record<string, unknown>,
) => Promise<Record<string, unknown>[]> {
  const built = new Map<string, { query: Query; name: string }>();
  return async (tx, variant, build, values) => {
    const internals = tx as unknown as TransactionInternals;
    const toQuery = () => internals.dialect.sqlToQuery(build(tx).getSQL());
    let entry: { query: Query; name: string | undefined } | undefined;
    if (variant === undefined) entry = { query: toQuery(), name: undefined };
    else {
      let kept = built.get(variant);
      if (!kept) {
        kept = { query: toQuery(), name: nameOf(variant, built.size + 1) };
        built.set(variant, kept);
      }
      entry = kept;
    }
    const prepared = internals.session.prepareQuery(entry.query, undefined, entry.name, false);
    const result = (await prepared.execute(values)) as { rows?: Record<string, unknown>[] };
    return result.rows ?? [];
  };
}

/**
 * A placeholder for every column of `table` (or for `keys` only), named `prefix` + the column's key: the
 * values of an insert, or an update's `set`, built once by {@link reusableStatement}; {@link prefixRow} gives
 * their values, encoded by their columns. Typed as the table's row for Drizzle's builders.
 */
export function placeholderRow<Table extends PgTable, Key extends keyof Table['$inferInsert'] & string>(
  table: Table,
  prefix: string,
  keys?: readonly Key[],
): Table['$inferInsert'] {
  const names = keys ?? Object.keys(getTableColumns(table));
  // Wrapped in SQL, so Drizzle leaves them as they are: a placeholder it wraps itself would be encoded by
  // its column even when null (a JSON null, or a date's method called on null); prefixRow encodes instead.
  return Object.fromEntries(
    names.map((key) => [key, sql`${sql.placeholder(prefix + key)}`]),
  ) as Table['$inferInsert'];
}

/**
 * `row`'s values under the placeholder names {@link placeholderRow} gives them (`prefix` + key), into
 * `into`, each encoded by its column of `table` as Drizzle encodes a value (null as null); a key that is
 * not a column is left out.
 */
export function prefixRow<Table extends PgTable>(
  table: Table,
  prefix: string,
  row: Partial<Table['$inferInsert']>,
  into: Record<string, unknown> = {},
): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, Column>;
  for (const [key, value] of Object.entries(row)) {
    const column = columns[key];
    if (column)
      into[prefix + key] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return into;
}
