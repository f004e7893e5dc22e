import { AppError, isUuid, type Notification } from '@renum/contracts';
import { notifications, withClient } from '@renum/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { notificationToWire } from './notification-wire.ts';

/**
 * Marks one notification read for the whole team (owners and admins). Idempotent: a notification
 * already read keeps its first reading time.
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
    await tx
      .update(notifications)
      .set({ read_at: deps.clock(), read_by: options.principal.userId })
      .where(and(eq(notifications.id, options.notificationId), isNull(notifications.read_at)));
    const [row] = await tx.select().from(notifications).where(eq(notifications.id, options.notificationId));
    if (!row) throw notFound;
    return notificationToWire(row);
  });
}
