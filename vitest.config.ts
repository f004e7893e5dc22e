import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three projects: the server-side suites (node), the web builder's component tests (happy-dom) and the
// browser end-to-end tests (real server + Debian's Chromium, slower).
export default defineConfig({
  test: {
    reporters: ['default'],
    // Vitest's default on a 2-core machine is one file at a time, while most files wait on Postgres,
    // Redis, a child process or a browser: one file per core. Each file has its own database (a copy of
    // the run's migrated template) and Redis key prefix, so files running together never meet.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'node',
          include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
          exclude: ['apps/web/**', '**/node_modules/**'],
          environment: 'node',
          globalSetup: ['packages/testing/src/global-setup.ts'],
          pool: 'forks',
          // A worker runs file after file in one process: the server's modules are imported once per
          // worker instead of once per file (seconds of CPU each). Files keep their own databases (the
          // set-up file below) and Redis prefixes; what the code caches per process is keyed by ids.
          isolate: false,
          setupFiles: ['packages/testing/src/file-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['apps/web/test/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['apps/web/test/setup.ts'],
          // Rendering pages in happy-dom is CPU-bound: beside the other projects on 2 cores, a page's first
          // render and a few styled selects took past 15 s in loaded runs, though under 4 s on a quiet machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          // The testing package's set-up too: the cluster test's Postgres database and Redis prefix.
          globalSetup: ['packages/testing/src/global-setup.ts', 'apps/web/e2e/global-setup.ts'],
          pool: 'forks',
          // In the same pool as the other projects: a browser test mostly waits on its server and
          // Chromium, and one at a time after everything else added minutes to the run.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
