import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { lockDataDirectory } from './data-directory-lock.ts';

/**
 * Restores an embedded database from a backup (a tarball of {@link DatabaseHandle.dumpDataDir}) into
 * `dataDir`, whose server must be stopped: the data directory's lock is taken first, so a running server
 * makes this throw. An existing database is kept beside it, renamed `pgdata.before-restore-<time>`.
 * Answers the path of that kept copy, or null when there was none.
 */
export async function restoreDataDirectory(
  dataDir: string,
  archive: Blob,
  now = new Date(),
): Promise<string | null> {
  const release = lockDataDirectory(dataDir);
  try {
    const target = join(dataDir, 'pgdata');
    let kept: string | null = null;
    if (existsSync(target)) {
      kept = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, kept);
    }
    const client = await PGlite.create({ dataDir: target, loadDataDir: archive, extensions: { vector } });
    await client.query('select 1');
    await client.close();
    return kept;
  } finally {
    release();
  }
}
