import { type TestDatabaseTarget, testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

/** A test app that listens on a loopback port, for clients that speak real HTTP (the SDK). */
export interface ListeningTestApp {
  testApp: TestApp;
  /** Where the server listens, e.g. `http://127.0.0.1:40123`. */
  baseUrl: string;
}

/**
 * Builds a test app before the enclosing suite's tests, has it listen on a free loopback port and closes
 * it after them. The fields are set in `beforeAll`: read them inside tests, not at collection time.
 * @defaultValue target: the in-memory PGlite
 */
export function listeningTestApp(target: TestDatabaseTarget = testDatabaseTargets()[0]!): ListeningTestApp {
  const server = {} as ListeningTestApp;
  beforeAll(async () => {
    server.testApp = await createTestApp(target);
    server.baseUrl = await server.testApp.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => server.testApp?.close());
  return server;
}
