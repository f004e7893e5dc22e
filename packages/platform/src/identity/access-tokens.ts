import { webcrypto } from 'node:crypto';
import { AppError, type MemberRole, type PlatformRole } from '@renum/contracts';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AuthSettings } from '../platform-deps.ts';

/** Claims Renum puts in an access token beside the registered ones. */
export interface AccessClaims {
  userId: string;
  clientId: string | null;
  role: MemberRole | null;
  platformRole: PlatformRole;
  sessionId: string;
  /** A view-as token (ADR 0040): `sessionId` names its `view_as_sessions` row, not a refresh family. */
  viewAsToken?: boolean;
}

/** Signs a short-lived HS256 access token with `iss`, `aud`, `iat`, `exp` and `jti`. */
export function signAccessToken(
  auth: AuthSettings,
  claims: AccessClaims,
  options: { now: Date; id: string; expiresAt?: Date },
) {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  const expiresAt = options.expiresAt
    ? Math.floor(options.expiresAt.getTime() / 1000)
    : issuedAt + auth.accessTokenTtlSeconds;
  return new SignJWT({
    cid: claims.clientId,
    role: claims.role,
    padm: claims.platformRole === 'admin',
    sid: claims.sessionId,
    ...(claims.viewAsToken ? { vas: true } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(options.id)
    .sign(auth.jwtSecret);
}

/** The HMAC key of each secret, imported once: given the raw bytes, jose imports them on every verification. */
const verifyKeys = new WeakMap<Uint8Array, Promise<webcrypto.CryptoKey>>();

/**
 * The secret as a WebCrypto key that can only verify HS256 (HMAC with SHA-256), imported once per secret:
 * importing it was 3 % of the server's CPU at concurrency 50, a request each (ADR 0070).
 */
function verifyKeyOf(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyKeys.set(secret, key);
  }
  return key;
}

/**
 * Verifies an access token: algorithm pinned to HS256 (so `alg: none` and key confusion fail),
 * signature, issuer, audience and expiry. Any failure is `401 AUTH_ERROR`.
 */
export async function verifyAccessToken(auth: AuthSettings, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, await verifyKeyOf(auth.jwtSecret), {
      algorithms: ['HS256'],
      issuer: auth.issuer,
      audience: auth.audience,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw new Error('missing claims');
    return {
      userId: payload.sub,
      clientId: typeof payload.cid === 'string' ? payload.cid : null,
      role: role === 'owner' || role === 'admin' || role === 'member' ? role : null,
      platformRole: payload.padm === true ? 'admin' : 'none',
      sessionId: payload.sid,
      viewAsToken: payload.vas === true,
    };
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError('AUTH_ERROR', expired ? 'Access token expired' : 'Invalid or expired token', {
      cause: error,
    });
  }
}
