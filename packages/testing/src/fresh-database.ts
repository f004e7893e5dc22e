import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import './provided-context.ts';

/** An empty database of one suite's own on this run's Postgres. */
export interface FreshTestDatabase {
  name: string;
  url: string;
  /** Drops it, closing the connections still open to it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database for a suite whose server processes must start from nothing (they migrate
 * and seed it themselves): named after this run's database (`<run database>_<label>_<random>`), so the
 * global set-up drops it with the run's if `drop` is never called. Null when Postgres is unavailable
 *
 */
export async function createFreshTestDatabase(label: string): Promise<FreshTestDatabase | null> {
  return createDatabase(label, null);
}

/**
 * Creates a database of one test file's own, already migrated: a copy of this run's template (see the
 * global set-up), so files that run at the same time never share rows, jobs or locks. Null when Postgres
 * is unavailable.
 */
export async function createMigratedTestDatabase(label: string): Promise<FreshTestDatabase | null> {
  const template = inject('postgresTemplate');
  return template ? createDatabase(label, template) : null;
}

async function createDatabase(label: string, template: string | null): Promise<FreshTestDatabase | null> {
  const runUrl = inject('postgresUrl');
  if (!runUrl) return null;
  if (!/^[a-z0-9_]{1,20}$/.test(label)) throw new Error(`label must be 1 to 20 of a-z 0-9 _: ${label}`);
  const url = new URL(runUrl);
  const name = `${url.pathname.slice(1)}_${label}_${randomBytes(3).toString('hex')}`;
  await administer(runUrl, `create database ${name}${template ? ` template ${template}` : ''}`);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => administer(runUrl, `drop database if exists ${name} with (force)`),
  };
}

async function administer(connectionString: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
