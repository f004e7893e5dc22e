import { readFile, writeFile } from 'node:fs/promises';
import type { Config } from '@renum/config';
import { restoreDataDirectory } from '@renum/db';

/** Options of the `backup` and `restore` commands. */
export interface BackupCommandOptions {
  config: Config;
  /** The running server's base URL. @defaultValue `config.http.publicUrl` */
  url?: string | undefined;
  email?: string | undefined;
  file?: string | undefined;
  readPassword: (prompt: string) => Promise<string>;
}

/**
 * `backup --out FILE --email E`: logs in to the running server as a platform admin and saves
 * `GET /v1/admin/backup` (a consistent copy of the embedded database, taken while it runs) to FILE.
 * The vault's key files are not in it: they are backed up separately (README, ADR 0050).
 */
export async function backupCommand(options: BackupCommandOptions): Promise<number> {
  if (!options.file || !options.email) {
    console.error('backup needs --out FILE and --email (a platform admin); the password is prompted for');
    return 1;
  }
  if (options.config.database.kind !== 'pglite') {
    console.error('The database is Postgres: back it up with pg_dump (see the README).');
    return 1;
  }
  const base = (options.url ?? options.config.http.publicUrl).replace(/\/$/, '');
  const password = await options.readPassword('Password: ');
  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: options.email, password }),
  });
  if (!login.ok) {
    console.error(`Login to ${base} failed: ${login.status} ${await login.text()}`);
    return 1;
  }
  const { access_token: token } = (await login.json()) as { access_token: string };
  const answer = await fetch(`${base}/v1/admin/backup`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) {
    console.error(`Backup refused: ${answer.status} ${await answer.text()}`);
    return 1;
  }
  const archive = Buffer.from(await answer.arrayBuffer());
  await writeFile(options.file, archive, { mode: 0o600 });
  console.log(`Saved ${archive.length} bytes to ${options.file}. Back up the vault's key files separately.`);
  return 0;
}

/**
 * `restore --from FILE`: replaces the embedded database with a backup; the server must be stopped (the
 * data directory's lock is taken). The database it replaces is kept beside it.
 */
export async function restoreCommand(options: BackupCommandOptions): Promise<number> {
  const { database } = options.config;
  if (!options.file) {
    console.error('restore needs --from FILE');
    return 1;
  }
  if (database.kind !== 'pglite') {
    console.error('The database is Postgres: restore a pg_dump with pg_restore or psql (see the README).');
    return 1;
  }
  const kept = await restoreDataDirectory(database.dataDir, new Blob([await readFile(options.file)]));
  console.log(
    `Restored ${options.file} into ${database.dataDir}.${kept ? ` The database it replaced is kept at ${kept}.` : ''}`,
  );
  return 0;
}
