import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;

/**
 * Takes the pool's one connection in an open transaction until `release`. The app's own job polls share
 * that connection and may keep this waiting past the pool's 200 ms: it tries again until it holds it.
 */
async function holdTheConnection(t: TestApp): Promise<{ release: () => void; held: Promise<void> }> {
  for (let attempt = 1; ; attempt += 1) {
    let release: () => void = () => {};
    let taken: () => void = () => {};
    const holding = new Promise<void>((resolve) => (taken = resolve));
    const held = t.handle.rawTransaction(() => {
      taken();
      return new Promise<void>((resolve) => (release = resolve));
    });
    const outcome = await Promise.race([
      holding.then(() => null),
      held.then(
        () => null,
        (error) => error,
      ),
    ]);
    if (outcome === null) return { release: () => release(), held };
    if (attempt === 50) throw outcome;
  }
}

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
    const { release, held } = await holdTheConnection(t);
    const busy = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    release();
    await held;
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // The app's own background work (job polls, metering flushes) shares the one connection: on a loaded
    // machine a request may meet it busy again, so "serves again" is given a few seconds to happen.
    let later = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    for (let attempt = 0; attempt < 50 && later.statusCode === 503; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      later = await t.request({ method: 'GET', url: '/v1/agents', token: owner.accessToken });
    }
    expect(later.statusCode).toBe(200);
  });
});
