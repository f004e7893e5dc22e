import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseTargets } from '@renum/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { findWebRoot } from '../src/plugins/web-app.ts';
import { testDeps, testRuntime } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('serving the web builder', () => {
  const root = mkdtempSync(join(tmpdir(), 'renum-web-'));
  let app: FastifyInstance;
  let close: () => Promise<void>;
  const metrics = createMetrics();
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'page-def456.js'), 'console.log(2)');
    const handle = await pglite.open();
    const deps = testDeps(handle.db);
    const { run, manager } = testRuntime(deps);
    app = await buildApp({
      config: { http: { corsOrigins: [], bodyLimitBytes: 65_536, publicUrl: deps.publicUrl } },
      deps,
      handle,
      run,
      manager,
      logger: false,
      webRoot: findWebRoot(root),
      observability: { metrics, metricsToken: undefined },
    });
    close = async () => {
      await app.close();
      await handle.close();
    };
  });
  afterAll(async () => {
    await close?.();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / and any page path with index.html, never cached', async () => {
    for (const url of ['/', '/agents', '/runs/0190a000-0000-7000-8000-000000000000?tab=events', '/login']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with immutable caching, and a missing asset is a 404', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/gone.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps API, docs and health paths out of the fallback', async () => {
    const api = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await app.inject({ method: 'GET', url: '/v1/agents' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const docs = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.json().openapi).toBe('3.1.0');
  });

  it('counts the hashed assets under one route, whatever their names (bounded labels)', async () => {
    for (const url of ['/assets/index-abc123.js', '/assets/page-def456.js'])
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    const counted = (await metrics.httpRequests.get()).values.map((value) => value.labels.route);
    expect(counted).toContain('/assets/*');
    expect(counted.filter((route) => String(route).startsWith('/assets/'))).toEqual(['/assets/*']);
  });

  it('finds no web root where there is no build', () => {
    expect(findWebRoot(join(root, 'nowhere'))).toBeNull();
  });
});
