import { AppError, type Login } from '@renum/contracts';
import { users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { verifyPassword } from './passwords.ts';
import { issueSession, pickMembership } from './sessions.ts';
import { joinByInvitation } from './signup.ts';

const invalid = () => new AppError('AUTH_ERROR', 'Invalid email or password');

/**
 * Logs a person in. Attempts are limited per IP and per email (`429 RATE_LIMITED`); an unknown
 * email gets the same answer, in about the same time, as a wrong password. With `invitation_token` the
 * person first joins the inviting client (errors of the invitation as in accepting it; nothing changes
 * then), so someone with no client yet can log in through an invitation.
 */
export async function login(deps: PlatformDeps, options: { input: Login; ip?: string | undefined }) {
  const { input } = options;
  for (const key of [`login:ip:${options.ip ?? 'unknown'}`, `login:email:${input.email}`]) {
    const limit = await deps.rateLimiter.hit({
      key,
      limit: key.startsWith('login:ip') ? deps.auth.loginMaxPerIp : deps.auth.loginMaxPerEmail,
      windowSeconds: deps.auth.loginWindowSeconds,
    });
    if (!limit.allowed) {
      throw new AppError('RATE_LIMITED', 'Too many login attempts; try again later', {
        context: { retry_after: limit.retryAfterSeconds },
      });
    }
  }
  const [user] = await withPlatform(deps.db, (tx) =>
    tx
      .select({ id: users.id, passwordHash: users.password_hash, platformRole: users.platform_role })
      .from(users)
      .where(eq(users.email, input.email)),
  );
  if (!(await verifyPassword(user?.passwordHash, input.password)) || !user) throw invalid();
  return withPlatform(deps.db, async (tx) => {
    // Through an invitation: the person joins its client now, and the session opens there.
    const joined = input.invitation_token
      ? await joinByInvitation(deps, tx, {
          token: input.invitation_token,
          email: input.email,
          userId: user.id,
          actor: (clientId, role) => ({
            kind: 'user',
            userId: user.id,
            apiKeyId: null,
            clientId,
            role,
            platformRole: user.platformRole,
            ip: options.ip,
          }),
        })
      : null;
    const membership = await pickMembership(tx, user.id, joined?.clientId ?? input.client_id);
    if (!membership && user.platformRole !== 'admin') throw invalid();
    if (membership?.status === 'suspended' && user.platformRole !== 'admin') {
      throw new AppError('CLIENT_SUSPENDED', 'This client is suspended');
    }
    await tx.update(users).set({ last_login_at: deps.clock() }).where(eq(users.id, user.id));
    await deps.rateLimiter.reset(`login:email:${input.email}`);
    return issueSession(deps, tx, {
      subject: {
        userId: user.id,
        clientId: membership?.clientId ?? null,
        role: membership?.role ?? null,
        platformRole: user.platformRole,
      },
      familyId: deps.newId(),
    });
  });
}
