import { randomUUID } from 'node:crypto';
import { createMemoryRateLimiter, type PlatformDeps, seedDemo } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { createLocalKeyProvider, createVault, generateKeyMaterial } from '@renum/vault';
import { describe, expect, it } from 'vitest';

const postgres = testDatabaseTargets()[1]!;

// Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
describe.skipIf(postgres.skipReason !== null)('demo seed on a shared Postgres', () => {
  it('seeds once when several processes start at the same time', async () => {
    const handles = await Promise.all([postgres.open(), postgres.open(), postgres.open()]);
    try {
      const deps = (db: PlatformDeps['db']): PlatformDeps => ({
        db,
        auth: {
          jwtSecret: new TextEncoder().encode('x'.repeat(32)),
          issuer: 'renum',
          audience: 'renum-api',
          accessTokenTtlSeconds: 60,
          refreshTokenTtlSeconds: 60,
          loginMaxPerEmail: 10,
          loginMaxPerIp: 10,
          loginWindowSeconds: 60,
        },
        rateLimiter: createMemoryRateLimiter(),
        vault: createVault({
          provider: createLocalKeyProvider({ keys: { '1': generateKeyMaterial() }, currentVersion: 1 }),
        }),
        defaultModel: 'offline/renum',
        publicUrl: 'http://localhost',
        clock: () => new Date(),
        newId: randomUUID,
      });
      const credentials = {
        owner: { email: 'demo@renum.local', password: 'demo-password' },
        platformAdmin: { email: 'admin@renum.local', password: 'admin-password' },
      };
      const outcomes = await Promise.all(handles.map((handle) => seedDemo(deps(handle.db), { credentials })));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const rows = await handles[0]!.query<{ n: number }>(
        "select count(*)::int as n from clients where slug = 'demo'",
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });
});
