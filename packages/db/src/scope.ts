import { sql } from 'drizzle-orm';
import type { Database, Transaction } from './database.ts';
import { type ScopeRole, scopedTransactionRunner } from './scoped-transaction.ts';

function scoped<T>(
  db: Database,
  role: ScopeRole,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const fast = scopedTransactionRunner(db);
  if (fast) return fast(role, clientId, work);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', ${role}, true), set_config('app.client_id', ${clientId}, true)`,
    );
    return work(tx);
  });
}

/**
 * Runs `work` in a transaction scoped to one client: the role becomes `renum_app` and
 * `app.client_id` is set locally, so Row-Level Security shows and accepts only that client's rows.
 */
export function withClient<T>(
  db: Database,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return scoped(db, 'renum_app', clientId, work);
}

/**
 * Runs `work` with platform scope (`renum_platform`: every client's rows). Only for explicit
 * code paths: admin routes (which audit what they do) and authentication lookups.
 */
export function withPlatform<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return scoped(db, 'renum_platform', '', work);
}
