import { randomBytes } from 'node:crypto';
import { AppError, type MemberRole } from '@renum/contracts';
import { memberships, users, withPlatform } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { assertMayAssign } from './member-rules.ts';

/**
 * Adds a person to the caller's client. A new person is created with the given password or a
 * temporary one returned once. Runs in platform scope because email addresses are global; every
 * row it writes carries the caller's client id.
 */
export async function inviteMember(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    input: { email: string; name: string; role: MemberRole; password?: string | undefined };
  },
) {
  const { clientId, role: actorRole } = requireRole(options.principal, ['owner', 'admin']);
  const { input } = options;
  assertMayAssign(actorRole, [input.role]);
  const temporaryPassword = input.password ? null : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(input.password ?? temporaryPassword!);
  return withPlatform(deps.db, async (tx) => {
    let [user] = await tx
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(eq(users.email, input.email));
    let created = false;
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ id: deps.newId(), email: input.email, name: input.name, password_hash: passwordHash })
        .returning({ id: users.id, name: users.name });
      created = true;
    } else {
      const [existing] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.client_id, clientId), eq(memberships.user_id, user.id)));
      if (existing)
        throw new AppError('CONFLICT', 'This person is already a member', { context: { field: 'email' } });
    }
    const [membership] = await tx
      .insert(memberships)
      .values({ id: deps.newId(), client_id: clientId, user_id: user!.id, role: input.role })
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'member.invite',
        targetType: 'user',
        targetId: user!.id,
        clientId,
        data: { role: input.role },
      },
    });
    return {
      user_id: user!.id,
      email: input.email,
      name: user!.name,
      role: input.role,
      created_at: membership!.created_at.toISOString(),
      temporary_password: created ? temporaryPassword : null,
    };
  });
}
