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

/**
 * Verifies an access token: algorithm pinned to HS256 (so `alg: none` and key confusion fail),
 * signature, issuer, audience and expiry. Any failure is `401 AUTH_ERROR`.
 */
export async function verifyAccessToken(auth: AuthSettings, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, auth.jwtSecret, {
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
