import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@renum/config';
import type { Database } from '@renum/db';
import { createMemoryRateLimiter, type PlatformDeps } from '@renum/platform';
import { v7 as uuidv7 } from 'uuid';

/**
 * The JWT signing secret: from config, or on the embedded database a random one generated once
 * into the data directory (mode 0600), so sessions survive restarts without configuration.
 */
export function resolveJwtSecret(config: Pick<Config, 'auth' | 'dataDir'>): Uint8Array {
  if (config.auth.jwtSecret) return new TextEncoder().encode(config.auth.jwtSecret);
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, 'jwt-secret');
  try {
    return new TextEncoder().encode(readFileSync(path, 'utf8').trim());
  } catch {
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
    return new TextEncoder().encode(secret);
  }
}

/** Builds the use-cases' dependencies from config. */
export function createPlatformDeps(options: {
  config: Config;
  db: Database;
  jwtSecret: Uint8Array;
}): PlatformDeps {
  const { config } = options;
  return {
    db: options.db,
    auth: {
      jwtSecret: options.jwtSecret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
      loginMaxPerEmail: config.auth.loginMaxPerEmail,
      loginMaxPerIp: config.auth.loginMaxPerIp,
      loginWindowSeconds: config.auth.loginWindowSeconds,
    },
    rateLimiter: createMemoryRateLimiter(),
    defaultModel: config.models.defaultModel,
    publicUrl: config.http.publicUrl,
    clock: () => new Date(),
    newId: uuidv7,
  };
}
