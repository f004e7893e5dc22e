import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import type { Database, Transaction } from './database.ts';
import {
  genericPlansColumn,
  type RowLock,
  type ScopeRole,
  scopedTransactionRunner,
  type TransactionShape,
} from './scoped-transaction.ts';
import { settleSentAhead, trackSentAhead } from './sent-ahead.ts';

/** Callbacks waiting for the commit of each open scoped transaction. */
const commitCallbacks = new WeakMap<Transaction, Array<() => void>>();

async function scoped<T>(
  db: Database,
  role: ScopeRole,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
  shape: TransactionShape = {},
): Promise<T> {
  const callbacks: Array<() => void> = [];
  const tracked = async (tx: Transaction) => {
    commitCallbacks.set(tx, callbacks);
    const sent = trackSentAhead(tx);
    let result: T;
    try {
      result = await work(tx);
    } catch (error) {
      throw await settleSentAhead(sent, { error });
    }
    await settleSentAhead(sent, undefined); // a failed statement sent ahead fails the transaction
    return result;
  };
  const fast = scopedTransactionRunner(db);
  const result = fast
    ? await fast(role, clientId, tracked, shape)
    : await db.transaction(async (tx) => {
        await tx.execute(
          sql`select set_config('role', ${role}, true), set_config('app.client_id', ${clientId}, true)${sql.raw(genericPlansColumn(shape.genericPlans))}`,
        );
        if (shape.lockFirst) await tx.execute(rowLockStatement(shape.lockFirst));
        return tracked(tx);
      });
  // Each in its own microtask: the caller's answer does not wait, and a callback that throws surfaces
  // as an uncaught error instead of failing a transaction that has already committed.
  for (const callback of callbacks) queueMicrotask(callback);
  return result;
}

/**
 * Runs `callback` once `tx` has committed, and never if it rolls back. `tx` must be the transaction
 * `withClient` or `withPlatform` handed out (not a nested savepoint transaction); otherwise nothing is
 * registered and the answer is false. Callbacks must not throw: they run after the commit, when nobody
 * can handle the error any more.
 */
export function afterCommit(tx: Transaction, callback: () => void): boolean {
  const callbacks = commitCallbacks.get(tx);
  if (!callbacks) return false;
  callbacks.push(callback);
  return true;
}

/**
 * Runs `work` in a transaction scoped to one client: the role becomes `renum_app` and
 * `app.client_id` is set locally, so Row-Level Security shows and accepts only that client's rows.
 */
export function withClient<T>(
  db: Database,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
  options: TransactionShape = {},
): Promise<T> {
  return scoped(db, 'renum_app', clientId, work, options);
}

/** The lock of {@link RowLock} as a statement with the id as a parameter (any driver). */
export function rowLockStatement(lock: RowLock): SQL {
  return sql`select 1 from ${sql.identifier(lock.table)} where id = ${lock.id} for update`;
}

/**
 * Narrows a transaction `withPlatform` opened to one client's scope for the rest of it, as `withClient`
 * would have opened it (role `renum_app`, `app.client_id` set locally): from the next statement on, Row-Level
 * Security shows and accepts only that client's rows. For a worker that learns the client from a row it
 * claims with platform scope and carries on in the same transaction (ADR 0058). It is a column of the
 * statement that returns the client's id, evaluated for each returned row, so that statement narrows the
 * transaction itself (no round trip of its own): only for a statement that returns at most one row; a row
 * whose `clientId` is null narrows nothing.
 */
export function narrowingColumn(clientId: SQL | AnyColumn): SQL<string | null> {
  return sql<string | null>`case when ${clientId} is not null then
    set_config('role', 'renum_app', true) || set_config('app.client_id', ${clientId}::text, true) end`;
}

/**
 * Runs `work` with platform scope (`renum_platform`: every client's rows). Only for explicit
 * code paths: admin routes (which audit what they do) and authentication lookups.
 */
export function withPlatform<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return scoped(db, 'renum_platform', '', work);
}
