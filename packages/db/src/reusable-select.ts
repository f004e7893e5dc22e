import type { Query } from 'drizzle-orm';
import type { Transaction } from './database.ts';

/** What {@link reusableSelect} needs of a Drizzle select builder (`tx.select(…).from(…)…`). */
interface SelectBuilder {
  prepare(name: string): { execute(values?: Record<string, unknown>): Promise<unknown> };
}

/**
 * The parts of a prepared select that Drizzle needs to run it again and map its rows: the fields of Drizzle's
 * prepared query on both drivers (node-postgres and PGlite).
 */
interface BuiltSelect {
  query: Query;
  fields: unknown;
  joinsNotNullableMap: unknown;
  queryMetadata: unknown;
}

/** The session of a transaction, through which Drizzle itself prepares every query (the same on both drivers). */
interface SessionInternals {
  prepareQuery(
    query: Query,
    fields: unknown,
    name: string,
    isResponseInArrayMode: boolean,
    customResultMapper: undefined,
    queryMetadata: unknown,
  ): { joinsNotNullableMap?: unknown; execute(values?: Record<string, unknown>): Promise<unknown> };
}

/**
 * A select (or an update with `returning`, as the job poll's claim) on the hot path whose SQL text Drizzle
 * builds once per process instead of on every call: `build` gets a transaction and returns the select with
 * `sql.placeholder(name)` where its inputs go; the function returned runs it in any transaction with those
 * inputs, as the named prepared statement `name`, and maps its rows as
 * `build(tx).prepare(name).execute(values)` would. Building a select (every column of every joined table,
 * each part checked for its kind) cost more CPU than sending it (ADR 0070). `build` must give the same
 * statement every time: everything that varies goes through a placeholder.
 */
export function reusableSelect<Builder extends SelectBuilder>(
  name: string,
  build: (tx: Transaction) => Builder,
): (
  tx: Transaction,
  values: Record<string, unknown>,
) => ReturnType<ReturnType<Builder['prepare']>['execute']> {
  let built: BuiltSelect | undefined;
  return (tx, values) => {
    built ??= build(tx).prepare(name) as unknown as BuiltSelect;
    const session = (tx as unknown as { session: SessionInternals }).session;
    const prepared = session.prepareQuery(
      built.query,
      built.fields,
      name,
      true,
      undefined,
      built.queryMetadata,
    );
    prepared.joinsNotNullableMap = built.joinsNotNullableMap;
    return prepared.execute(values) as ReturnType<ReturnType<Builder['prepare']>['execute']>;
  };
}
