import type { Notification } from '@renum/contracts';
import type { notifications } from '@renum/db';

/** Wire form of a notification row (the dedup key and reader stay internal). */
export function notificationToWire(row: typeof notifications.$inferSelect): Notification {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    created_at: row.created_at.toISOString(),
    read_at: row.read_at ? row.read_at.toISOString() : null,
  };
}
