import type { NotificationQuery } from '@renum/contracts';
import { notifications, withClient } from '@renum/db';
import { and, desc, isNull, lt } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { cursorId, toPage } from '../wire.ts';
import { notificationToWire } from './notification-wire.ts';

/** The caller's client's notifications (budget alerts...), newest first; any member may read them. */
export async function listNotifications(
  deps: PlatformDeps,
  options: { principal: Principal; query: NotificationQuery },
) {
  const { clientId } = requireClient(options.principal);
  const after = cursorId(options.query.cursor);
  const rows = await withClient(deps.db, clientId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(
        and(
          after ? lt(notifications.id, after) : undefined,
          options.query.unread ? isNull(notifications.read_at) : undefined,
        ),
      )
      .orderBy(desc(notifications.id))
      .limit(options.query.limit + 1),
  );
  return toPage(rows, options.query.limit, notificationToWire);
}
