import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** Drizzle database over either driver (PGlite or node-postgres). */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; every client-scoped query runs on one of these. */
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  typeof schema,
  ExtractTablesWithRelations<typeof schema>
>;

/** Runs raw SQL inside one transaction on one connection (used by the migration runner). */
export interface RawTransaction {
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

/** An open database: the Drizzle handle plus what migrations, health checks and shutdown need. */
export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Database;
  /** Runs `work` inside one raw transaction, committing when it resolves. */
  rawTransaction<T>(work: (tx: RawTransaction) => Promise<T>): Promise<T>;
  /** Runs one statement outside a transaction. */
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
  /** Connections of the pool now (Postgres); the embedded database has one connection and no pool. */
  pool?(): PoolUsage;
  /**
   * A consistent copy of the embedded database's data directory as a gzipped tarball, taken while it
   * runs (ADR 0050): after a checkpoint, between two statements. Absent on Postgres (use `pg_dump`).
   */
  dumpDataDir?(): Promise<Blob>;
}

/** A connection pool at one instant, for metrics. */
export interface PoolUsage {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
  /** Most connections the pool opens. */
  max: number;
}
