import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDirectory } from './data-directory-lock.ts';
import type { Database, DatabaseHandle, RawTransaction } from './database.ts';
import * as schema from './schema.ts';

/** Where to connect: the embedded PGlite (a data directory, or in memory) or a Postgres URL. */
export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string | undefined }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number | undefined;
      /** Told when an idle pooled connection dies (e.g. Postgres restarted); the pool replaces it. */
      onConnectionError?: ((error: Error) => void) | undefined;
    };

/** Opens the database named by `target`. PGlite takes the data directory's lock. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'pglite'
    ? openPglite(target.dataDir)
    : openPostgres(target.url, target.poolSize ?? 10, target.onConnectionError);
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDirectory(dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir: join(dataDir, 'pgdata') } : {}),
      extensions: { vector },
    });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  const raw = (executor: Pick<PGlite, 'exec' | 'query'>): RawTransaction => ({
    exec: async (sql) => {
      await executor.exec(sql);
    },
    query: async <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await executor.query<Row>(sql, params)).rows,
  });
  return {
    kind: 'pglite',
    db,
    rawTransaction: (work) => client.transaction((tx) => work(raw(tx))),
    query: (sql, params) => raw(client).query(sql, params),
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

async function openPostgres(
  url: string,
  poolSize: number,
  onConnectionError: ((error: Error) => void) | undefined,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // Without a listener, an idle client killed by the server (restart, failover) crashes the process.
  pool.on('error', (error) => onConnectionError?.(error));
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  const raw = (client: pg.PoolClient | pg.Pool): RawTransaction => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await client.query<Row>(sql, params)).rows,
  });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    db,
    rawTransaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(raw(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    query: (sql, params) => raw(pool).query(sql, params),
    close: () => pool.end(),
  };
}
