import type { Database, Transaction } from './database.ts';

/** The roles a scoped transaction may take. */
export type ScopeRole = 'renum_app' | 'renum_platform';

/**
 * Opens a transaction already scoped to a role and client. A driver registers one when it can do
 * that more cheaply than `begin` followed by a separate `set_config` statement.
 */
export type ScopedTransactionRunner = <T>(
  role: ScopeRole,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
  shape?: TransactionShape,
) => Promise<T>;

/** How a scoped transaction begins, besides its scope. */
export interface TransactionShape {
  /** A row locked as the transaction begins (ADR 0078). */
  lockFirst?: RowLock | undefined;
  /**
   * Plans every statement of the transaction once per connection (`plan_cache_mode = force_generic_plan`,
   * local to the transaction, ADR 0082): for a transaction on a hot path whose statements are all keyed
   * lookups and writes, where a plan for the values at hand is never better and costs a planning per bind.
   */
  genericPlans?: boolean | undefined;
}

/**
 * A row a transaction locks (`for update`) as it begins, before any statement of its work: in the round trip
 * that opens it when the driver can (ADR 0078). `table` is a plain lower-case name, `id` a UUID.
 */
export interface RowLock {
  table: string;
  id: string;
}

const tableShape = /^[a-z_][a-z0-9_]*$/;

/** True when `lock` can be spliced into a simple query as it is (a plain table name and a UUID). */
export function isSafeRowLock(lock: RowLock): boolean {
  return tableShape.test(lock.table) && uuidShape.test(lock.id);
}

const runners = new WeakMap<Database, ScopedTransactionRunner>();

/** Registers the fast scoped-transaction path of a database (see {@link ScopedTransactionRunner}). */
export function registerScopedTransaction(db: Database, runner: ScopedTransactionRunner): void {
  runners.set(db, runner);
}

/** The fast path registered for `db`, if its driver has one. */
export function scopedTransactionRunner(db: Database): ScopedTransactionRunner | undefined {
  return runners.get(db);
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The statement that opens a scoped transaction in one round trip (`begin` and both settings in a
 * single simple query, which cannot carry parameters). The client id is spliced in only when it is
 * exactly a UUID, so nothing a caller passes can change the statement; anything else returns null
 * and the caller takes the parameterised path.
 */
export function scopedBeginStatement(
  role: ScopeRole,
  clientId: string,
  lockFirst?: RowLock,
  genericPlans = false,
): string | null {
  if (clientId !== '' && !uuidShape.test(clientId)) return null;
  if (role !== 'renum_app' && role !== 'renum_platform') return null;
  if (lockFirst && !isSafeRowLock(lockFirst)) return null;
  const begin = `begin; select set_config('role', '${role}', true), set_config('app.client_id', '${clientId}', true)${genericPlansColumn(genericPlans)}`;
  // After the settings, so Row-Level Security applies to the lock's read as to any statement of the work.
  return lockFirst
    ? `${begin}; select 1 from ${lockFirst.table} where id = '${lockFirst.id}' for update`
    : begin;
}

/**
 * The setting of {@link TransactionShape.genericPlans} as one more column of the statement that scopes a
 * transaction (`, set_config(…)`), or nothing: each way a scoped transaction opens appends it.
 */
export function genericPlansColumn(genericPlans: boolean | undefined): string {
  return genericPlans ? ", set_config('plan_cache_mode', 'force_generic_plan', true)" : '';
}
