import { AppError } from '@renum/contracts';
import { users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Makes a person a platform admin (the CLI's `admin create`): creates them with the password, or
 * promotes an existing account and sets the password. Audited as a system action.
 */
export async function createPlatformAdmin(
  deps: PlatformDeps,
  options: { email: string; name: string; password: string },
): Promise<{ userId: string; created: boolean }> {
  if (options.password.length < 12)
    throw new AppError('VALIDATION_ERROR', 'The password must have at least 12 characters');
  const email = options.email.trim().toLowerCase();
  const passwordHash = await hashPassword(options.password);
  return withPlatform(deps.db, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    const userId = existing?.id ?? deps.newId();
    if (existing) {
      await tx
        .update(users)
        .set({ platform_role: 'admin', password_hash: passwordHash })
        .where(eq(users.id, userId));
    } else {
      await tx.insert(users).values({
        id: userId,
        email,
        name: options.name,
        password_hash: passwordHash,
        platform_role: 'admin',
      });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: null,
      entry: { action: 'admin.platform_admin.create', targetType: 'user', targetId: userId, clientId: null },
    });
    return { userId, created: !existing };
  });
}
