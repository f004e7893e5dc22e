import { notifications, withClient } from '@renum/db';
import { isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';

/** Marks every unread notification of the caller's client read (owners and admins); returns how many. */
export async function markAllNotificationsRead(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ updated: number }> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .update(notifications)
      .set({ read_at: deps.clock(), read_by: options.principal.userId })
      .where(isNull(notifications.read_at))
      .returning({ id: notifications.id }),
  );
  return { updated: rows.length };
}
