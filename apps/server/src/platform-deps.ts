import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '@renum/config';
import type { Database } from '@renum/db';
import {
  createCredentialCache,
  createFailureCounter,
  createMemoryRateLimiter,
  createSessionCache,
  type PlatformDeps,
  type PlatformLogger,
} from '@renum/platform';
import {
  createLocalKeyProvider,
  createVault,
  type KeyProvider,
  openKeyFileProvider,
  type Vault,
} from '@renum/vault';
import { v7 as uuidv7 } from 'uuid';
import { runTraceParent, traceStepWith } from './observability/trace-parent.ts';
import { broadcastConversationFeed } from './realtime/conversation-feed.ts';
import { broadcastNotificationFeed } from './realtime/notification-feed.ts';
import type { ScaleDeps } from './scale-deps.ts';

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

/**
 * The vault's key-encryption keys: given in config (RENUM_VAULT_KEYS), or a keyring file created on
 * first start (by default in the data directory, mode 0600). Every process of a deployment must
 * see the same keys.
 */
export async function openVault(config: Pick<Config, 'vault' | 'dataDir'>): Promise<Vault> {
  let provider: KeyProvider;
  if (config.vault.keys) {
    const versions = Object.keys(config.vault.keys).sort((a, b) => Number(a) - Number(b));
    provider = createLocalKeyProvider({
      keys: config.vault.keys,
      currentVersion: config.vault.keyVersion ?? versions.at(-1) ?? '1',
    });
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    provider = await openKeyFileProvider({ path: config.vault.keyFile });
  }
  return createVault({ provider });
}

/**
 * Builds the use-cases' dependencies from config; the rate limiter and credential cache come from
 * `shared` (memory or Redis, see `scale-deps.ts`) when given, else in memory; notification changes go out
 * on `shared`'s broadcast (to the client's WebSocket connections in every process), else nowhere.
 */
export function createPlatformDeps(options: {
  config: Config;
  db: Database;
  jwtSecret: Uint8Array;
  vault: Vault;
  shared?: Pick<ScaleDeps, 'rateLimiter' | 'credentialCache'> & Partial<Pick<ScaleDeps, 'broadcast'>>;
  /** Where background failures go (a pino logger or child). @defaultValue process warnings */
  logger?: PlatformLogger;
  /** Tracing is on: new runs store the trace they join (ADR 0069). @defaultValue none */
  tracer?: Tracer;
}): PlatformDeps {
  const { config } = options;
  return {
    db: options.db,
    auth: {
      jwtSecret: options.jwtSecret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
      runToolTokenTtlSeconds: config.auth.runToolTokenTtlSeconds,
      refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
      loginMaxPerEmail: config.auth.loginMaxPerEmail,
      loginMaxPerIp: config.auth.loginMaxPerIp,
      loginWindowSeconds: config.auth.loginWindowSeconds,
    },
    rateLimiter: options.shared?.rateLimiter ?? createMemoryRateLimiter(),
    vault: options.vault,
    credentialCache:
      options.shared?.credentialCache ?? createCredentialCache({ ttlMs: config.vault.credentialCacheTtlMs }),
    sessionCache: createSessionCache(),
    defaultModel: config.models.defaultModel,
    defaultPlan: config.limits.defaultPlan,
    publicUrl: config.http.publicUrl,
    externalExecutors: config.suna ? ['suna'] : [],
    notifications: options.shared?.broadcast
      ? broadcastNotificationFeed(options.shared.broadcast)
      : undefined,
    traceParent: options.tracer ? runTraceParent(options.tracer) : undefined,
    traceStep: options.tracer ? traceStepWith(options.tracer) : undefined,
    traceUrl: config.observability.traceUrl,
    conversationFeed: options.shared?.broadcast
      ? broadcastConversationFeed(options.shared.broadcast)
      : undefined,
    clock: () => new Date(),
    newId: uuidv7,
    logger: options.logger,
    failures: createFailureCounter(),
  };
}
