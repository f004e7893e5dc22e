import { AppError, type MemberRole, type Signup } from '@renum/contracts';
import { clients, memberships, type Transaction, users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { uniqueClientSlug } from '../admin/client-slug.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { claimInvitation, joinInvitedClient } from '../invitations/claim-invitation.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { planForNewClient, readSettings } from '../settings/read-settings.ts';
import { hashPassword } from './passwords.ts';
import { hashToken, issueSession } from './sessions.ts';

/**
 * Creates an account and opens its session: with `invitation_token`, the account joins the inviting
 * client with the invited role (the invitation must be pending and addressed to `email`); without, a new
 * client is created with the account as its owner.
 */
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
    const userId = deps.newId();
    await tx
      .insert(users)
      .values({ id: userId, email: input.email, name: input.name, password_hash: passwordHash });
    const actor = (clientId: string, role: MemberRole): Principal => ({
      kind: 'user',
      userId,
      apiKeyId: null,
      clientId,
      role,
      platformRole: 'none',
      ip: options.ip,
    });
    const { clientId, role } = input.invitation_token
      ? await joinByInvitation(deps, tx, { token: input.invitation_token, email: input.email, userId, actor })
      : await createOwnedClient(deps, tx, { clientName: input.client_name ?? input.name, userId, actor });
    return issueSession(deps, tx, {
      subject: { userId, clientId, role, platformRole: 'none' },
      familyId: deps.newId(),
    });
  });
}

type ActorOf = (clientId: string, role: MemberRole) => Principal;

/** Claims the invitation a link's token names, addressed to `email`, and makes `userId` a member (audited). */
export async function joinByInvitation(
  deps: PlatformDeps,
  tx: Transaction,
  options: { token: string; email: string; userId: string; actor: ActorOf },
): Promise<{ clientId: string; role: MemberRole }> {
  const invitation = await claimInvitation(deps, tx, {
    match: { tokenHash: hashToken(options.token) },
    email: options.email,
    userId: options.userId,
  });
  const joined = await joinInvitedClient(deps, tx, {
    invitation,
    userId: options.userId,
    actor: options.actor(invitation.client_id, invitation.role),
    data: { signup: true },
  });
  return { clientId: joined.client_id, role: joined.role };
}

async function createOwnedClient(
  deps: PlatformDeps,
  tx: Transaction,
  options: { clientName: string; userId: string; actor: ActorOf },
): Promise<{ clientId: string; role: MemberRole }> {
  const clientId = deps.newId();
  const plan = planForNewClient(await readSettings(tx), undefined, deps.defaultPlan);
  await tx.insert(clients).values({
    id: clientId,
    name: options.clientName,
    slug: await uniqueClientSlug(tx, options.clientName),
    ...(plan ? { plan } : {}),
  });
  await tx
    .insert(memberships)
    .values({ id: deps.newId(), client_id: clientId, user_id: options.userId, role: 'owner' });
  await recordAudit(tx, {
    id: deps.newId(),
    actor: options.actor(clientId, 'owner'),
    entry: { action: 'client.signup', targetType: 'client', targetId: clientId, clientId },
  });
  return { clientId, role: 'owner' };
}
