import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(pglite);
  });
  afterAll(async () => t?.close());

  it('answers /health and /ready', async () => {
    expect((await t.request({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.request({ method: 'GET', url: '/ready' })).json()).toMatchObject({
      status: 'ready',
      database: 'pglite',
    });
  });

  it('reports not ready when a migration is missing', async () => {
    await t.handle.query(
      "update renum_migrations set name = 'renamed.sql' where name = '0001_foundation.sql'",
    );
    try {
      const response = await t.request({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'NOT_READY', pending: ['0001_foundation.sql'] });
    } finally {
      await t.handle.query(
        "update renum_migrations set name = '0001_foundation.sql' where name = 'renamed.sql'",
      );
    }
  });

  it('serves OpenAPI 3.1 generated from the zod schemas', async () => {
    const spec = (await t.request({ method: 'GET', url: '/docs/json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/v1/auth/signup',
        '/v1/agents',
        '/v1/agents/{id}',
        '/v1/agents/{agent_id}/sub-agents/{id}',
        '/v1/admin/clients',
      ]),
    );
    expect(JSON.stringify(spec.paths['/v1/agents'].post)).toContain('system_prompt');
    expect((await t.request({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('sets security headers and echoes a request id', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['x-request-id']).toBe('trace-12345678');
    const generated = await t.request({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\n' },
    });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a person opening the root to the API docs', async () => {
    const response = await t.request({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/docs');
  });

  it('answers unknown routes in the error shape', async () => {
    const response = await t.request({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not allow cross-origin calls from origins outside the allowlist', async () => {
    const response = await t.request({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
