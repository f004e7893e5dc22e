import { notifications, withClient } from '@renum/db';
import { isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { announceAfterCommit } from './notification-feed.ts';

/**
 * Marks every unread notification of the caller's client read (owners and admins); returns how many, and
 * announces it to the team's connections when there were any.
 */
export async function markAllNotificationsRead(
  deps: PlatformDeps,
  options: { principal: Principal },
): Promise<{ updated: number }> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const readAt = deps.clock();
  const rows = await withClient(deps.db, clientId, async (tx) => {
    const marked = await tx
      .update(notifications)
      .set({ read_at: readAt, read_by: options.principal.userId })
      .where(isNull(notifications.read_at))
      .returning({ id: notifications.id });
    if (marked.length > 0) {
      announceAfterCommit(tx, deps, clientId, {
        type: 'notifications_read',
        notification_id: null,
        read_at: readAt.toISOString(),
      });
    }
    return marked;
  });
  return { updated: rows.length };
}
