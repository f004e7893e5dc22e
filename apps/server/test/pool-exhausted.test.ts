import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;

describe.skipIf(postgres.skipReason !== null)('a burst beyond the database pool', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One connection, given up for after 200 ms.
    t = await createTestApp({
      ...postgres,
      open: () => postgres.open({ poolSize: 1, connectTimeoutMs: 200 }),
    });
  });
  afterAll(async () => t?.close());

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, not 500, and serves again once it frees', async () => {
    const owner = await t.signup();
    let release: () => void = () => {};
    const held = t.handle.rawTransaction(() => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const busy = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    release();
    await held;
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const later = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    expect(later.statusCode).toBe(200);
  });
});
