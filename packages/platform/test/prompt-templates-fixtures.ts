import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, type ErrorCode } from '@renum/contracts';
import { clients, type DatabaseHandle, users, withPlatform } from '@renum/db';
import { createLocalKeyProvider, createVault, generateKeyMaterial } from '@renum/vault';
import { expect } from 'vitest';
import { createMemoryRateLimiter } from '../src/identity/rate-limiter.ts';
import type { PlatformDeps } from '../src/platform-deps.ts';
import type { Principal } from '../src/principal.ts';

let idSequence = 0;
/** Time-ordered ids (UUIDv7 layout), as list cursors expect. */
export function newId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  const counter = (idSequence++ % 0x1000).toString(16).padStart(3, '0');
  const random = randomBytes(8).toString('hex');
  const variant = (8 | (Number.parseInt(random[0]!, 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter}-${variant}${random.slice(1, 4)}-${random.slice(4, 16)}`;
}

/** Use-case dependencies on a test database, with generous limits. */
export function testPlatformDeps(db: DatabaseHandle['db']): PlatformDeps {
  return {
    db,
    auth: {
      jwtSecret: randomBytes(32),
      issuer: 'renum',
      audience: 'renum-api',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 3600,
      loginMaxPerEmail: 1000,
      loginMaxPerIp: 1000,
      loginWindowSeconds: 60,
    },
    rateLimiter: createMemoryRateLimiter(),
    vault: createVault({
      provider: createLocalKeyProvider({ keys: { '1': generateKeyMaterial() }, currentVersion: 1 }),
    }),
    defaultModel: 'offline/renum',
    publicUrl: 'http://localhost:3000',
    clock: () => new Date(),
    newId,
  };
}

/** Awaits `work`, expects it to throw an AppError with `code`, and returns the error. */
export async function expectCode(work: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  let thrown: unknown;
  try {
    await work;
  } catch (error) {
    thrown = error;
  }
  if (!AppError.isInstance(thrown)) throw thrown ?? new Error(`expected an AppError ${code}`);
  expect(thrown.code).toBe(code);
  return thrown;
}

/** A fresh client with a person in it, seen as owner, as member, and as an admin API key. */
export async function newTestClient(
  db: DatabaseHandle['db'],
): Promise<{ owner: Principal; member: Principal; apiKey: Principal }> {
  const clientId = newId();
  const userId = newId();
  await withPlatform(db, async (tx) => {
    await tx.insert(clients).values({ id: clientId, name: 'C', slug: `c-${clientId}` });
    await tx.insert(users).values({ id: userId, email: `${userId}@example.com`, name: 'Owner' });
  });
  const base = { kind: 'user', userId, apiKeyId: null, clientId, platformRole: 'none' } as const;
  return {
    owner: { ...base, role: 'owner' },
    member: { ...base, role: 'member' },
    apiKey: { ...base, kind: 'api_key', userId: null, apiKeyId: randomUUID(), role: 'admin' },
  };
}
