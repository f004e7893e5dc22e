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
  type RowLock,
  registerScopedTransaction,
  type ScopeRole,
  scopedBeginStatement,
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
    lockFirst?: RowLock,
  ): Promise<T> => {
    const client = await pool.connect();
    let broken: Error | undefined;
    let started: Sent[] = [];
    try {
      started = await beginScoped(client, dialect, { role, clientId, lockFirst, pipelined });
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
 * Starts a scoped transaction: `begin`, the scope's settings and the lock. When they can travel as one
 * simple query (ADR 0078), it is sent and not waited for (ADR 0079): on the pipelined connection the work's
 * first statement follows it on the wire, and Postgres runs it only after the start, in the transaction
 * `begin` opened (a setting or the lock that fails leaves that transaction aborted, so nothing behind it
 * runs); without pipeline mode, awaited. Otherwise three statements, each awaited. Answers the start when it
 * was not awaited, for `settleSentAhead`.
 */
async function beginScoped(
  client: pg.PoolClient,
  dialect: ConstructorParameters<typeof NodePgSession>[1],
  scope: { role: ScopeRole; clientId: string; lockFirst: RowLock | undefined; pipelined: boolean },
): Promise<Sent[]> {
  const { role, clientId, lockFirst } = scope;
  const begin = scopedBeginStatement(role, clientId, lockFirst);
  // Not pipelined (a transaction-mode pooler), a statement sent before the previous one is answered waits
  // in node-postgres' queue, which it deprecates: the start is awaited, as before ADR 0079.
  if (begin && !scope.pipelined) {
    await client.query(begin);
    return [];
  }
  if (begin && lockFirst) {
    // Pipelined, the lock needs no simple query to share the start's round trip: as a named statement it
    // is parsed and planned once per connection instead of at every start (ADR 0080).
    const scoped = scopedBeginStatement(role, clientId);
    if (scoped) return [sentEntry(client.query(scoped)), sentEntry(client.query(preparedRowLock(lockFirst)))];
  }
  if (begin) return [sentEntry(client.query(begin))];
  await client.query('begin');
  await client.query("select set_config('role', $1, true), set_config('app.client_id', $2, true)", [
    role,
    clientId,
  ]);
  if (lockFirst) {
    const { sql: text, params } = dialect.sqlToQuery(rowLockStatement(lockFirst));
    await client.query(text, params);
  }
  return [];
}

/**
 * `rowLockStatement` as a named statement (one per table: `lock.table` is a checked plain name, see
 * `isSafeRowLock`), its id a parameter.
 */
function preparedRowLock(lock: RowLock): pg.QueryConfig {
  return {
    name: `renum_lock_${lock.table}`,
    text: `select 1 from ${lock.table} where id = $1 for update`,
    values: [lock.id],
  };
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
