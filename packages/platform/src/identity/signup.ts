import { AppError, type Signup } from '@renum/contracts';
import { clients, memberships, users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { uniqueClientSlug } from '../admin/client-slug.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { hashPassword } from './passwords.ts';
import { issueSession } from './sessions.ts';

/** Creates a client and its owner, and opens a session for the owner. */
export async function signup(deps: PlatformDeps, options: { input: Signup; ip?: string | undefined }) {
  const { input } = options;
  const limit = await deps.rateLimiter.hit({
    key: `signup:ip:${options.ip ?? 'unknown'}`,
    limit: deps.auth.loginMaxPerIp,
    windowSeconds: deps.auth.loginWindowSeconds,
  });
  if (!limit.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many attempts; try again later', {
      context: { retry_after: limit.retryAfterSeconds },
    });
  }
  const passwordHash = await hashPassword(input.password);
  return withPlatform(deps.db, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing)
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', {
        context: { field: 'email' },
      });
    const clientId = deps.newId();
    const userId = deps.newId();
    await tx.insert(clients).values({
      id: clientId,
      name: input.client_name,
      slug: await uniqueClientSlug(tx, input.client_name),
      ...(deps.defaultPlan ? { plan: deps.defaultPlan } : {}),
    });
    await tx
      .insert(users)
      .values({ id: userId, email: input.email, name: input.name, password_hash: passwordHash });
    await tx
      .insert(memberships)
      .values({ id: deps.newId(), client_id: clientId, user_id: userId, role: 'owner' });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: {
        kind: 'user',
        userId,
        apiKeyId: null,
        clientId,
        role: 'owner',
        platformRole: 'none',
        ip: options.ip,
      },
      entry: { action: 'client.signup', targetType: 'client', targetId: clientId, clientId },
    });
    return issueSession(deps, tx, {
      subject: { userId, clientId, role: 'owner', platformRole: 'none' },
      familyId: deps.newId(),
    });
  });
}
