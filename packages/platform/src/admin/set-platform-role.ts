import { AppError, isUuid, type PlatformRole, type User } from '@renum/contracts';
import { users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { publicUserColumns } from '../identity/public-user-columns.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { toWire } from '../wire.ts';

/**
 * Grants or revokes a person's platform-admin flag (platform admins only; audited as
 * `admin.users.platform_role`). The admins' rows are locked first, so two revocations at once cannot
 * remove the last admin between them: revoking the last one is `409 LAST_PLATFORM_ADMIN`. The person's
 * sessions are refused at once (their tokens carry the old role) and they log in again.
 */
export async function setPlatformRole(
  deps: PlatformDeps,
  options: { principal: Principal; userId: string; platformRole: PlatformRole },
): Promise<User> {
  requirePlatformAdmin(options.principal);
  const notFound = new AppError('USER_NOT_FOUND', 'User not found', { context: { user_id: options.userId } });
  if (!isUuid(options.userId)) throw notFound;
  const user = await withPlatform(deps.db, async (tx) => {
    const admins = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.platform_role, 'admin'))
      .for('update');
    const [current] = await tx
      .select({ platform_role: users.platform_role })
      .from(users)
      .where(eq(users.id, options.userId));
    if (!current) throw notFound;
    if (current.platform_role === options.platformRole) {
      const [unchanged] = await tx.select(publicUserColumns).from(users).where(eq(users.id, options.userId));
      return toWire(unchanged!);
    }
    if (options.platformRole === 'none' && admins.length <= 1)
      throw new AppError('LAST_PLATFORM_ADMIN', 'The platform must keep at least one platform admin');
    const [row] = await tx
      .update(users)
      .set({ platform_role: options.platformRole, updated_at: deps.clock() })
      .where(eq(users.id, options.userId))
      .returning(publicUserColumns);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.users.platform_role',
        targetType: 'user',
        targetId: options.userId,
        clientId: null,
        data: { from: current.platform_role, to: options.platformRole },
      },
    });
    return toWire(row!);
  });
  deps.sessionCache?.forgetUser(options.userId);
  return user;
}
