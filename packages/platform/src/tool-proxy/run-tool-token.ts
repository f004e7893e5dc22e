import { hkdfSync } from 'node:crypto';
import { AppError } from '@renum/contracts';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AuthSettings } from '../platform-deps.ts';

/**
 * Audience of run-scoped tool-proxy tokens. User access tokens carry the API's audience, so neither kind
 * verifies as the other even before the keys differ (see {@link runToolTokenKey}).
 */
export const runToolTokenAudience = 'renum-tool-proxy';

/** JOSE `typ` of run-scoped tool-proxy tokens, checked on verification. */
const runToolTokenType = 'renum-run-tool+jwt';

/** Default life of a run-scoped token: 15 minutes. */
export const defaultRunToolTokenTtlSeconds = 15 * 60;

/** What a run-scoped tool-proxy token grants: tool calls for one run of one agent of one client. */
export interface RunToolClaims {
  clientId: string;
  agentId: string;
  runId: string;
}

const derivedKeys = new WeakMap<Uint8Array, Uint8Array>();

/**
 * The signing key of run tokens, derived from the JWT secret with HKDF under its own label. A separate
 * key means a run token can never pass as a user token (nor the reverse) even if an audience check were
 * dropped by mistake, and no second secret has to be configured and shared between processes.
 */
function runToolTokenKey(auth: AuthSettings): Uint8Array {
  let key = derivedKeys.get(auth.jwtSecret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', auth.jwtSecret, 'renum', 'run tool-proxy token v1', 32));
    derivedKeys.set(auth.jwtSecret, key);
  }
  return key;
}

/** Signs a run-scoped tool-proxy token (HS256, `iss`, `aud` {@link runToolTokenAudience}, `exp`, `jti`). */
export async function signRunToolToken(
  auth: AuthSettings,
  claims: RunToolClaims,
  options: { now: Date; id: string; ttlSeconds?: number | undefined },
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const ttl = options.ttlSeconds ?? auth.runToolTokenTtlSeconds ?? defaultRunToolTokenTtlSeconds;
  const token = await new SignJWT({ cid: claims.clientId, agt: claims.agentId })
    .setProtectedHeader({ alg: 'HS256', typ: runToolTokenType })
    .setSubject(claims.runId)
    .setIssuer(auth.issuer)
    .setAudience(runToolTokenAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttl)
    .setJti(options.id)
    .sign(runToolTokenKey(auth));
  return { token, expiresAt: new Date((issuedAt + ttl) * 1000) };
}

/**
 * Verifies a run-scoped token: HS256 only, its own key, type, issuer, audience and expiry. Any failure
 * (a user access token, an API key, a forged or expired token) is `401 AUTH_ERROR`.
 */
export async function verifyRunToolToken(
  auth: AuthSettings,
  token: string,
  now: Date,
): Promise<RunToolClaims> {
  try {
    const { payload } = await jwtVerify(token, runToolTokenKey(auth), {
      algorithms: ['HS256'],
      typ: runToolTokenType,
      issuer: auth.issuer,
      audience: runToolTokenAudience,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.cid !== 'string' || typeof payload.agt !== 'string')
      throw new Error('missing claims');
    return { clientId: payload.cid, agentId: payload.agt, runId: payload.sub };
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError('AUTH_ERROR', expired ? 'Run token expired' : 'Invalid run token', { cause: error });
  }
}
