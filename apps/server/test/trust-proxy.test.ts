import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { testDeps, testRuntime } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('behind a reverse proxy', () => {
  let handle: Awaited<ReturnType<typeof pglite.open>>;
  beforeAll(async () => {
    handle = await pglite.open();
  });
  afterAll(async () => handle?.close());

  async function appWith(trustProxy: boolean) {
    const deps = testDeps(handle.db, { loginMaxPerIp: 2, loginMaxPerEmail: 1000 });
    return buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 65536, publicUrl: 'http://x', trustProxy } },
      deps,
      handle,
      ...testRuntime(deps),
      logger: false,
    });
  }

  const login = (app: Awaited<ReturnType<typeof appWith>>, forwardedFor: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: '10.0.0.5', // the proxy
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: 'nobody@example.com', password: 'wrong-password' },
    });

  it('limits per forwarded caller when the proxy is trusted', async () => {
    const app = await appWith(true);
    try {
      for (let i = 0; i < 2; i++) expect((await login(app, '203.0.113.1')).statusCode).toBe(401);
      expect((await login(app, '203.0.113.1')).statusCode).toBe(429);
      expect((await login(app, '203.0.113.2')).statusCode).toBe(401); // another caller, own budget
    } finally {
      await app.close();
    }
  });

  it('ignores X-Forwarded-For when it is not', async () => {
    const app = await appWith(false);
    try {
      for (let i = 0; i < 2; i++) expect((await login(app, `198.51.100.${i}`)).statusCode).toBe(401);
      // A caller cannot escape the limit by inventing addresses.
      expect((await login(app, '198.51.100.99')).statusCode).toBe(429);
    } finally {
      await app.close();
    }
  });
});
