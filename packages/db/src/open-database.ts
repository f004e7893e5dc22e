import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePostgres, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDirectory } from './data-directory-lock.ts';
import type { Database, DatabaseHandle, RawTransaction, Transaction } from './database.ts';
import * as schema from './schema.ts';
import { rowLockStatement } from './scope.ts';
import {
  genericPlansColumn,
  registerScopedTransaction,
  type ScopeRole,
  scopedBeginStatement,
  type TransactionShape,
} from './scoped-transaction.ts';
import { type Sent, sentEntry, settleSentAhead } from './sent-ahead.ts';

/** Where to connect: the embedded PGlite (a data directory, or in memory) or a Postgres URL. */
export type DatabaseTarget =
  | {
      kind: 'pglite';
      dataDir?: string | undefined;
      /** A tarball of a data directory ({@link DatabaseHandle.dumpDataDir}) to start from instead of an empty cluster. */
      loadDataDir?: Blob | undefined;
    }
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number | undefined;
      /** Told when an idle pooled connection dies (e.g. Postgres restarted); the pool replaces it. */
      onConnectionError?: ((error: Error) => void) | undefined;
      /**
       * False: every statement is sent unnamed, so it works behind a transaction-mode pooler
       * (PgBouncer, Supavisor), where a named statement prepared on one server connection is missing on
       * the next. @defaultValue true
       */
      preparedStatements?: boolean | undefined;
      /**
       * How long a query waits for a free pooled connection before it fails with
       * {@link isPoolExhausted} (the server answers `503 SERVICE_UNAVAILABLE`). @defaultValue 5000
       */
      connectTimeoutMs?: number | undefined;
      /**
       * Called with each new pooled connection before it is used (the server wraps its `query` to trace
       * statements, ADR 0071). @defaultValue none
       */
      onConnect?: ((client: pg.PoolClient) => void) | undefined;
    };

/** Opens the database named by `target`. PGlite takes the data directory's lock. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.kind === 'pglite'
    ? openPglite(target.dataDir, target.loadDataDir)
    : openPostgres(
        target.url,
        target.poolSize ?? 10,
        target.onConnectionError,
        target.preparedStatements,
        target.connectTimeoutMs,
        target.onConnect,
      );
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<DatabaseHandle> {
  const release = dataDir ? lockDataDirectory(dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir: join(dataDir, 'pgdata') } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
      extensions: { vector },
      parsers: drizzleParsers,
    });
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(withoutQueryParsers(client), { schema }) as unknown as Database;
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
    // The tarball is made between two statements (PGlite's query lock); a transaction still open then is
    // rolled back by recovery when the copy is restored, as after a crash, so the copy is committed state.
    dumpDataDir: async () => {
      await client.exec('CHECKPOINT');
      return client.dumpDataDir('gzip');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * The parsers Drizzle passes with every PGlite query (dates and intervals kept as text, for Drizzle's
 * own mapping). Set once on the instance instead: PGlite copies its whole parser table for any query
 * that brings its own, a cost paid on every statement.
 */
const identity = (value: string) => value;
const drizzleParsers = Object.fromEntries(
  [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182].map(
    (oid) => [oid, identity],
  ),
);

type Queryable = Pick<PGlite, 'query'> & { transaction?: PGlite['transaction'] };

/** A view of a PGlite instance (or transaction) whose `query` drops per-query parsers (see {@link drizzleParsers}). */
function withoutQueryParsers<T extends Queryable>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'query') {
        return (
          query: string,
          params?: unknown[],
          options?: { rowMode?: 'array' | 'object'; parsers?: unknown },
        ) => object.query(query, params, options ? { ...options, parsers: undefined } : undefined);
      }
      if (property === 'transaction' && object.transaction) {
        const transaction = object.transaction.bind(object);
        return (work: (tx: Queryable) => Promise<unknown>) =>
          transaction((tx) => work(withoutQueryParsers(tx)));
      }
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

async function openPostgres(
  url: string,
  poolSize: number,
  onConnectionError: ((error: Error) => void) | undefined,
  preparedStatements = true,
  connectTimeoutMs = 5000,
  onConnect?: (client: pg.PoolClient) => void,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // A transaction's start travels with its first statement (ADR 0079); not through a transaction-mode
    // pooler, which may not forward a pipeline as it came.
    pipeline: preparedStatements,
  } as pg.PoolConfig);
  // Without a listener, an idle client killed by the server (restart, failover) crashes the process.
  pool.on('error', (error) => onConnectionError?.(error));
  if (!preparedStatements) pool.on('connect', sendStatementsUnnamed);
  if (onConnect) pool.on('connect', onConnect);
  const db = drizzlePostgres(pool, { schema }) as unknown as Database;
  registerScopedTransaction(db, scopedPostgresTransaction(pool, db, preparedStatements));
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
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await work(raw(client));
        await client.query('commit');
        return result;
      } catch (error) {
        // A connection that cannot roll back is destroyed rather than returned to the pool; the
        // original error is the one the caller sees.
        broken = await client.query('rollback').then(
          () => undefined,
          (cause: unknown) => new Error('rollback failed; connection discarded', { cause }),
        );
        throw error;
      } finally {
        client.release(broken);
      }
    },
    query: (sql, params) => raw(pool).query(sql, params),
    close: () => pool.end(),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
  };
}

/**
 * Makes a new pooled connection drop the `name` of every query it is given (Drizzle's `.prepare(name)`),
 * so node-postgres sends it as the unnamed statement: parsed and planned each time, but valid on whatever
 * server connection a transaction-mode pooler picks. The pool calls this before handing the client out.
 */
function sendStatementsUnnamed(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const unnamed = (config: unknown, ...rest: unknown[]) =>
    query(
      config && typeof config === 'object' && 'name' in config && !('submit' in config)
        ? { ...config, name: undefined }
        : config,
      ...rest,
    );
  Object.assign(client, { query: unnamed });
}

/**
 * Client-scoped transactions on node-postgres in one round trip fewer than Drizzle's own: `begin`
 * and the two settings travel as one simple query. The transaction object is Drizzle's own, built
 * over the checked-out connection, so queries behave exactly as inside `db.transaction`.
 */
function scopedPostgresTransaction(pool: pg.Pool, db: Database, pipelined: boolean) {
  const internals = db as unknown as {
    dialect: ConstructorParameters<typeof NodePgSession>[1];
    session: {
      schema: ConstructorParameters<typeof NodePgSession>[2];
      options: ConstructorParameters<typeof NodePgSession>[3];
    };
  };
  const { dialect } = internals;
  const { schema: relational, options } = internals.session;
  return async <T>(
    role: ScopeRole,
    clientId: string,
    work: (tx: Transaction) => Promise<T>,
    shape: TransactionShape = {},
  ): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    let started: Sent[] = [];
    try {
      started = await beginScoped(client, dialect, { role, clientId, ...shape, pipelined });
      const session = new NodePgSession(client, dialect, relational, options);
      const tx = new NodePgTransaction(dialect, session, relational) as unknown as Transaction;
      const result = await work(tx);
      await settleSentAhead(started, undefined);
      await client.query('commit');
      return result;
    } catch (error) {
      // A failed start fails the work's statements behind it too (25P02): then its own error says why.
      const thrown = await settleSentAhead(started, { error });
      await client.query('rollback').catch((rollbackError: Error) => {
        broken = rollbackError; // the connection is unusable: the pool must not hand it out again
      });
      throw thrown;
    } finally {
      client.release(broken);
    }
  };
}

/**
 * Starts a scoped transaction: `begin`, the scope's settings and the lock. On a pipelined connection nothing
 * is waited for (ADR 0079): `begin` and the settings go as one simple query (ADR 0078), the lock as a named
 * statement behind it (planned once per connection, ADR 0080), and the work's first statement follows them
 * on the wire; Postgres runs each only after the one before, in the transaction `begin` opened (a setting or
 * the lock that fails leaves it aborted, so nothing behind runs). Answers those statements, for
 * `settleSentAhead`. Without pipeline mode (a transaction-mode pooler, where node-postgres deprecates a
 * statement sent before the previous one's answer), the start is one awaited simple query, lock included;
 * when the scope cannot be spliced into a simple query, three awaited statements.
 */
async function beginScoped(
  client: pg.PoolClient,
  dialect: ConstructorParameters<typeof NodePgSession>[1],
  scope: { role: ScopeRole; clientId: string; pipelined: boolean } & TransactionShape,
): Promise<Sent[]> {
  const { role, clientId, lockFirst, genericPlans } = scope;
  const lock = lockFirst && dialect.sqlToQuery(rowLockStatement(lockFirst));
  const begin = scopedBeginStatement(role, clientId, lockFirst, genericPlans);
  if (begin && scope.pipelined) {
    const started = [sentEntry(client.query(scopedBeginStatement(role, clientId, undefined, genericPlans)!))];
    // One name per table: `lockFirst.table` is a checked plain name (`isSafeRowLock`, or `begin` is null).
    if (lockFirst && lock)
      started.push(
        sentEntry(
          client.query({ name: `renum_lock_${lockFirst.table}`, text: lock.sql, values: lock.params }),
        ),
      );
    return started;
  }
  if (begin) {
    await client.query(begin);
    return [];
  }
  await client.query('begin');
  await client.query(
    `select set_config('role', $1, true), set_config('app.client_id', $2, true)${genericPlansColumn(genericPlans)}`,
    [role, clientId],
  );
  if (lock) await client.query(lock.sql, lock.params);
  return [];
}

/**
 * True when `error` (or one of its causes) is the pool giving up waiting for a free connection: every
 * connection is busy, a passing overload rather than a fault, which the server answers with `503`.
 */
export function isPoolExhausted(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message === 'timeout exceeded when trying to connect') return true;
    current = current.cause;
  }
  return false;
}
