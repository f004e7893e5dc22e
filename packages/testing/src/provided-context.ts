// Values the global setup hands to every test file through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a fresh Postgres database for this test run, or null when none is reachable outside CI. */
    postgresUrl: string | null;
    /** Name of this run's migrated template database (on `postgresUrl`'s server), or null with it. */
    postgresTemplate: string | null;
    /** Path of a tarball (uncompressed) of a migrated PGlite data directory, made once per run. */
    pgliteTemplate: string;
    /** Why `postgresUrl` is null. */
    postgresUnavailableReason: string | null;
    /** URL of the machine's Redis, or null when it is unreachable outside CI. */
    redisUrl: string | null;
    /** Key prefix of this test run: every key a test writes starts with it, and all are deleted after the run. */
    redisPrefix: string;
    /** Why `redisUrl` is null. */
    redisUnavailableReason: string | null;
  }
}

export {};
