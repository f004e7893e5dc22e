import { sql } from 'drizzle-orm';
import type { Database, Transaction } from './database.ts';

/**
 * Runs `work` in a transaction scoped to one client: the role becomes `renum_app` and
 * `app.client_id` is set locally, so Row-Level Security shows and accepts only that client's rows.
 */
export function withClient<T>(
  db: Database,
  clientId: string,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'renum_app', true), set_config('app.client_id', ${clientId}, true)`,
    );
    return work(tx);
  });
}

/**
 * Runs `work` with platform scope (`renum_platform`: every client's rows). Only for explicit
 * code paths: admin routes (which audit what they do) and authentication lookups.
 */
export function withPlatform<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', 'renum_platform', true), set_config('app.client_id', '', true)`,
    );
    return work(tx);
  });
}
