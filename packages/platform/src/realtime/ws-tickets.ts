import { AppError, type MemberRole } from '@renum/contracts';
import { jwtVerify, SignJWT } from 'jose';
import type { AccessClaims } from '../identity/access-tokens.ts';
import { checkSession } from '../identity/check-session.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';

/** Life of a WebSocket ticket: long enough to open the socket right after asking for it. */
export const wsTicketTtlSeconds = 30;

/** The audience of tickets: an access token is not a ticket and a ticket is not an access token. */
const ticketAudience = (audience: string) => `${audience}:ws-ticket`;

/**
 * Issues a short-lived, single-use ticket for `GET /ws?ticket=`, so a browser need not put its
 * access token in a URL. The ticket carries the person's session; redeeming it checks the session
 * again, so a logout in between refuses it. Only people have tickets (an API key connects with `token`).
 */
export async function issueWsTicket(deps: PlatformDeps, options: { principal: Principal }) {
  const { principal } = options;
  if (principal.kind !== 'user' || !principal.userId || !principal.sessionId) {
    throw new AppError('FORBIDDEN', 'WebSocket tickets are for people; an API key connects with ?token=');
  }
  const issuedAt = Math.floor(deps.clock().getTime() / 1000);
  const ticket = await new SignJWT({
    cid: principal.clientId,
    role: principal.role,
    padm: principal.platformRole === 'admin',
    sid: principal.sessionId,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.userId)
    .setIssuer(deps.auth.issuer)
    .setAudience(ticketAudience(deps.auth.audience))
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + wsTicketTtlSeconds)
    .setJti(deps.newId())
    .sign(deps.auth.jwtSecret);
  return { ticket, expires_in: wsTicketTtlSeconds };
}

/**
 * Trades a ticket for the principal it was issued to, once: the second use, a forged, expired or
 * revoked-session ticket are `AUTH_ERROR`. Single use is kept by the shared rate limiter (one hit per
 * ticket id), so it holds across processes when the limiter is on Redis.
 */
export async function redeemWsTicket(deps: PlatformDeps, options: { ticket: string }): Promise<Principal> {
  const now = deps.clock();
  const payload = await jwtVerify(options.ticket, deps.auth.jwtSecret, {
    algorithms: ['HS256'],
    issuer: deps.auth.issuer,
    audience: ticketAudience(deps.auth.audience),
    currentDate: now,
    requiredClaims: ['sub', 'exp', 'iat', 'jti'],
  }).then(
    (verified) => verified.payload,
    (error: unknown) => {
      throw new AppError('AUTH_ERROR', 'Invalid or expired token', { cause: error });
    },
  );
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
    throw new AppError('AUTH_ERROR', 'Invalid or expired token');
  }
  const use = await deps.rateLimiter.hit({
    key: `ws-ticket:${payload.jti}`,
    limit: 1,
    windowSeconds: wsTicketTtlSeconds * 2,
  });
  if (!use.allowed) throw new AppError('AUTH_ERROR', 'Invalid or expired token');
  const role = payload.role;
  const claims: AccessClaims = {
    userId: payload.sub,
    clientId: typeof payload.cid === 'string' ? payload.cid : null,
    role: role === 'owner' || role === 'admin' || role === 'member' ? (role as MemberRole) : null,
    platformRole: payload.padm === true ? 'admin' : 'none',
    sessionId: payload.sid,
  };
  await checkSession(deps, claims, now);
  return { kind: 'user', apiKeyId: null, ...claims };
}
