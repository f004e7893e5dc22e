import type { DatabaseHandle } from './database.ts';
import { listMigrations } from './migrations.ts';

const lockKey = 727_001; // pg_advisory_xact_lock key shared by every Renum process

/** Names of applied migrations and of the committed ones still pending. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/**
 * Applies every pending migration, each in its own transaction, under an advisory lock so
 * concurrent processes migrate once. Refuses to run when an applied file was edited afterwards.
 */
export async function migrate(handle: DatabaseHandle): Promise<MigrationStatus> {
  const migrations = listMigrations();
  const applied: string[] = [];
  for (const migration of migrations) {
    await handle.rawTransaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [lockKey]);
      await tx.exec(
        'create table if not exists renum_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())',
      );
      const rows = await tx.query<{ checksum: string }>(
        'select checksum from renum_migrations where name = $1',
        [migration.name],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied (checksum mismatch)`);
        }
        return;
      }
      await tx.exec(migration.sql);
      await tx.query('insert into renum_migrations (name, checksum) values ($1, $2)', [
        migration.name,
        migration.checksum,
      ]);
      applied.push(migration.name);
    });
  }
  return { applied, pending: [] };
}

/** Which committed migrations the database has and lacks, without changing anything. */
export async function migrationStatus(handle: DatabaseHandle): Promise<MigrationStatus> {
  const migrations = listMigrations();
  const exists = await handle.query<{ present: boolean }>(
    "select to_regclass('renum_migrations') is not null as present",
  );
  const done = exists[0]?.present
    ? new Set(
        (await handle.query<{ name: string }>('select name from renum_migrations')).map((row) => row.name),
      )
    : new Set<string>();
  return {
    applied: migrations.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
  };
}
