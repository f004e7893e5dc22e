import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from './databases.ts';

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
 * (see `testPostgresUrl`).
 */
export async function createFreshTestDatabase(label: string): Promise<FreshTestDatabase | null> {
  const runUrl = testPostgresUrl();
  if (!runUrl) return null;
  if (!/^[a-z0-9_]{1,20}$/.test(label)) throw new Error(`label must be 1 to 20 of a-z 0-9 _: ${label}`);
  const url = new URL(runUrl);
  const name = `${url.pathname.slice(1)}_${label}_${randomBytes(3).toString('hex')}`;
  await administer(runUrl, `create database ${name}`);
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
