import { Writable } from 'node:stream';
import { testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loggerOptions } from '../src/logger.ts';
import { testDeps, testRuntime } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('structured logs', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino(loggerOptions('debug'), sink);
  let app: Awaited<ReturnType<typeof buildApp>>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const handle = await pglite.open();
    const deps = testDeps(handle.db);
    app = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 65536, publicUrl: 'http://localhost' } },
      deps,
      handle,
      ...testRuntime(deps),
      logger,
    });
    close = async () => {
      await app.close();
      await handle.close();
    };
  });
  afterAll(async () => close?.());

  it('carry request ids and never passwords, tokens or API keys', async () => {
    const password = 'Password-Canary-4242';
    const signup = await app.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      headers: { 'x-request-id': 'req-canary-0001' },
      payload: { email: 'canary@example.com', password, name: 'C', client_name: 'Canary' },
    });
    const { access_token: accessToken, refresh_token: refreshToken } = signup.json();
    const key = (
      await app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { name: 'k' },
      })
    ).json().secret;
    await app.inject({ method: 'GET', url: '/v1/agents', headers: { 'x-api-key': key } });
    await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}x` } });
    // A credential in a query string (`GET /ws?token=`, `?ticket=`) is redacted from every request line.
    await app.inject({ method: 'GET', url: `/v1/agents?token=${accessToken}` });
    logger.info(
      {
        password,
        body: { refresh_token: refreshToken },
        req: { headers: { authorization: `Bearer ${accessToken}` } },
      },
      'direct',
    );

    const output = lines.join('');
    expect(output).toContain('req-canary-0001');
    // Lines logged after authentication name the client.
    const clientId = signup.json().client.id as string;
    const completed = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'request completed' && line.client_id === clientId);
    expect(completed.length).toBeGreaterThanOrEqual(2);
    expect(output).toContain('[redacted]');
    for (const secret of [password, accessToken, refreshToken, key]) expect(output).not.toContain(secret);
  });
});
