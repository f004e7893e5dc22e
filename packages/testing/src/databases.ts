import { type DatabaseHandle, migrate, openDatabase } from '@renum/db';
import { inject } from 'vitest';
import './provided-context.ts';

/** A database engine a shared suite runs against. */
export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Null when the engine is unavailable outside CI (the suite is then skipped, with this reason). */
  skipReason: string | null;
  /** Opens and migrates a database for one test file. */
  open(): Promise<DatabaseHandle>;
}

/**
 * Both engines: an in-memory PGlite, and the run's fresh Postgres database (created by the global
 * setup and dropped after the run). Suites written once run on both.
 */
export function testDatabaseTargets(): TestDatabaseTarget[] {
  const postgresUrl = inject('postgresUrl');
  return [
    {
      name: 'pglite',
      skipReason: null,
      open: async () => {
        const handle = await openDatabase({ kind: 'pglite' });
        await migrate(handle);
        return handle;
      },
    },
    {
      name: 'postgres',
      skipReason: postgresUrl ? null : inject('postgresUnavailableReason'),
      open: async () => {
        if (!postgresUrl) throw new Error('Postgres is not available for this run');
        const handle = await openDatabase({ kind: 'postgres', url: postgresUrl, poolSize: 4 });
        await migrate(handle);
        return handle;
      },
    },
  ];
}

/** Connection string of this run's fresh Postgres database, or null when unavailable outside CI. */
export function testPostgresUrl(): string | null {
  return inject('postgresUrl');
}
