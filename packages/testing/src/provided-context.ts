// Values the global setup hands to every test file through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a fresh Postgres database for this test run, or null when none is reachable outside CI. */
    postgresUrl: string | null;
    /** Why `postgresUrl` is null. */
    postgresUnavailableReason: string | null;
  }
}

export {};
