import { readFileSync } from 'node:fs';
import { type DatabaseHandle, migrate, openDatabase } from '@renum/db';
import { inject } from 'vitest';
import { createMigratedTestDatabase, type FreshTestDatabase } from './fresh-database.ts';
import './provided-context.ts';

/** A database engine a shared suite runs against. */
export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Null when the engine is unavailable outside CI (the suite is then skipped, with this reason). */
  skipReason: string | null;
  /**
   * Opens a migrated database of the test file's own (PGlite: a new one in memory each time, started from
   * the run's migrated template; Postgres:
   * the file's copy of the run's template, the same for every call). Postgres takes the pool size (@defaultValue 4) and the pool's wait before it gives up.
   */
  open(options?: { poolSize?: number; connectTimeoutMs?: number }): Promise<DatabaseHandle>;
}

/** The run's migrated PGlite data directory (a tarball), read once per test file. */
let pgliteArchive: Blob | undefined;

/** The test file's Postgres database: created on first use, shared by every `open` of the file. */
let fileDatabase: Promise<FreshTestDatabase | null> | undefined;

/**
 * Forgets the previous test file's Postgres database, so the next `open` copies a new one. Called before
 * each file by the node project's set-up file: its worker processes run file after file (no isolation),
 * and without it every file of a worker would share the first one's database.
 */
export function startTestFile(): void {
  fileDatabase = undefined;
}

/**
 * Both engines: an in-memory PGlite, and a Postgres database of the file's own, copied from the run's
 * migrated template (every database of the run is dropped after it). Every `open` of one file reaches the
 * same Postgres database (two apps on it act as two processes); files never share one. Suites written
 * once run on both.
 */
export function testDatabaseTargets(): TestDatabaseTarget[] {
  const postgresUrl = inject('postgresUrl');
  return [
    {
      name: 'pglite',
      skipReason: null,
      open: async () => {
        pgliteArchive ??= new Blob([readFileSync(inject('pgliteTemplate'))], { type: 'application/x-tar' });
        const handle = await openDatabase({ kind: 'pglite', loadDataDir: pgliteArchive });
        // A no-op on the migrated copy; it would apply a migration the run's template lacked.
        await migrate(handle);
        return handle;
      },
    },
    {
      name: 'postgres',
      skipReason: postgresUrl ? null : inject('postgresUnavailableReason'),
      open: async (options = {}) => {
        fileDatabase ??= createMigratedTestDatabase('file');
        const database = await fileDatabase;
        if (!database) throw new Error('Postgres is not available for this run');
        return openDatabase({
          kind: 'postgres',
          url: database.url,
          poolSize: options.poolSize ?? 4,
          ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
        });
      },
    },
  ];
}

/** Connection string of this run's fresh Postgres database, or null when unavailable outside CI. */
export function testPostgresUrl(): string | null {
  return inject('postgresUrl');
}
