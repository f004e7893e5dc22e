import { AppError, isUuid, type Notification } from '@renum/contracts';
import { notifications, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { announceAfterCommit } from './notification-feed.ts';
import { notificationToWire } from './notification-wire.ts';

/**
 * Marks one notification read for the whole team (owners and admins). Idempotent: a notification
 * already read keeps its first reading time; the first reading is announced to the team's connections.
 */
export async function markNotificationRead(
  deps: PlatformDeps,
  options: { principal: Principal; notificationId: string },
): Promise<Notification> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  const notFound = new AppError('NOT_FOUND', 'Notification not found', {
    context: { notification_id: options.notificationId },
  });
  if (!isUuid(options.notificationId)) throw notFound;
  return withClient(deps.db, clientId, async (tx) => {
    const marked = await tx
      .update(notifications)
      .set({ read_at: deps.clock(), read_by: options.principal.userId })
      .where(and(eq(notifications.id, options.notificationId), isNull(notifications.read_at)))
      .returning({ readAt: notifications.read_at });
    if (marked[0]?.readAt) {
      announceAfterCommit(tx, deps, clientId, {
        type: 'notifications_read',
        notification_id: options.notificationId,
        read_at: marked[0].readAt.toISOString(),
      });
    }
    const [row] = await tx.select().from(notifications).where(eq(notifications.id, options.notificationId));
    if (!row) throw notFound;
    return notificationToWire(row);
  });
}
