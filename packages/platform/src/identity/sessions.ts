import { createHash, randomBytes } from 'node:crypto';
import { AppError, type MemberRole, type PlatformRole } from '@renum/contracts';
import { clients, memberships, refreshTokens, type Transaction, users } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { toWire } from '../wire.ts';
import { signAccessToken } from './access-tokens.ts';
import { publicUserColumns } from './public-user-columns.ts';

/** SHA-256 of a high-entropy token, as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a new session is for. */
export interface SessionSubject {
  userId: string;
  clientId: string | null;
  role: MemberRole | null;
  platformRole: PlatformRole;
}

/**
 * Issues an access token and a refresh token (stored hashed) in `familyId`, and answers the
 * session body of signup, login and refresh. Runs in the caller's platform-scoped transaction.
 */
export async function issueSession(
  deps: PlatformDeps,
  tx: Transaction,
  options: { subject: SessionSubject; familyId: string },
) {
  const { subject, familyId } = options;
  const now = deps.clock();
  const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
  await tx.insert(refreshTokens).values({
    id: deps.newId(),
    client_id: subject.clientId,
    user_id: subject.userId,
    family_id: familyId,
    token_hash: hashToken(refreshToken),
    expires_at: new Date(now.getTime() + deps.auth.refreshTokenTtlSeconds * 1000),
  });
  const accessToken = await signAccessToken(
    deps.auth,
    { ...subject, sessionId: familyId },
    { now, id: deps.newId() },
  );
  const [user] = await tx.select(publicUserColumns).from(users).where(eq(users.id, subject.userId));
  if (!user) throw new AppError('AUTH_ERROR', 'Invalid or expired token');
  const [client] = subject.clientId
    ? await tx.select().from(clients).where(eq(clients.id, subject.clientId))
    : [];
  return {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'Bearer' as const,
    expires_in: deps.auth.accessTokenTtlSeconds,
    user: toWire(user),
    client: client ? toWire(client) : null,
    role: subject.role,
  };
}

/** Revokes every refresh token of a session family. */
export async function revokeFamily(tx: Transaction, familyId: string, now: Date): Promise<void> {
  await tx
    .update(refreshTokens)
    .set({ revoked_at: now })
    .where(and(eq(refreshTokens.family_id, familyId), isNull(refreshTokens.revoked_at)));
}

/**
 * The membership a session acts in: the requested client, or the person's oldest membership.
 * Throws AUTH_ERROR when the requested client is not one of theirs.
 */
export async function pickMembership(tx: Transaction, userId: string, clientId: string | undefined | null) {
  const rows = await tx
    .select({ clientId: memberships.client_id, role: memberships.role, status: clients.status })
    .from(memberships)
    .innerJoin(clients, eq(clients.id, memberships.client_id))
    .where(eq(memberships.user_id, userId))
    .orderBy(memberships.created_at, memberships.id);
  if (clientId) {
    const chosen = rows.find((row) => row.clientId === clientId);
    if (!chosen) throw new AppError('AUTH_ERROR', 'Invalid email or password');
    return chosen;
  }
  return rows[0] ?? null;
}
