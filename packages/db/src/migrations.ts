import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One SQL migration file, in apply order. */
export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const migrationsDirectory = fileURLToPath(new URL('../migrations/', import.meta.url));

/** The committed migrations, sorted by file name. */
export function listMigrations(): Migration[] {
  return readdirSync(migrationsDirectory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(migrationsDirectory + name, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}
