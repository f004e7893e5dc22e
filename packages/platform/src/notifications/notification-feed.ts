import type { WsServerFrame } from '@renum/contracts';
import { afterCommit, notifications, type Transaction } from '@renum/db';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { notificationToWire } from './notification-wire.ts';

/** What the client's people are told of their notifications: one stored, or some read. */
export type NotificationChange = Extract<WsServerFrame, { type: 'notification' | 'notifications_read' }>;

/**
 * Where notification changes go once committed: the server hands them to the client's WebSocket
 * connections in every process (the broadcast port, ADR 0061). Absent: nobody is told (the web app's
 * slow poll still finds them).
 */
export interface NotificationFeed {
  publish(clientId: string, change: NotificationChange): Promise<void>;
}

/** What storing and announcing a notification needs from the platform's dependencies. */
export type NotificationSink = Pick<PlatformDeps, 'notifications' | 'logger' | 'failures'>;

/** A notification to store for the whole team of a client. */
export interface NewNotification {
  id: string;
  clientId: string;
  kind: string;
  /** One notification per client, kind and key; null: no deduplication. */
  dedupKey: string | null;
  payload: Record<string, unknown>;
}

/**
 * Every notification is stored here (approvals requested and escalated, daily reports; budget alerts are
 * inserted by the database's `renum_budget_alerts` and announced through {@link announceStored}): the
 * row goes into `tx`, and its `notification` frame goes out once `tx` committed, never before and never
 * if it rolls back. With `ignoreDuplicate`, a row whose dedup key exists is not stored again and null
 * is answered (nothing is announced).
 */
export async function storeNotification(
  tx: Transaction,
  sink: NotificationSink,
  values: NewNotification & { ignoreDuplicate?: boolean },
) {
  const insert = tx.insert(notifications).values({
    id: values.id,
    client_id: values.clientId,
    kind: values.kind,
    dedup_key: values.dedupKey,
    payload: values.payload,
  });
  const [row] = await (values.ignoreDuplicate ? insert.onConflictDoNothing() : insert).returning();
  if (row) announceStored(tx, sink, [row]);
  return row ?? null;
}

/** Announces rows stored in `tx` as `notification` frames once `tx` committed. */
export function announceStored(
  tx: Transaction,
  sink: NotificationSink,
  rows: ReadonlyArray<typeof notifications.$inferSelect>,
): void {
  for (const row of rows) {
    announceAfterCommit(tx, sink, row.client_id, {
      type: 'notification',
      notification: notificationToWire(row),
    });
  }
}

/**
 * Publishes `change` once `tx` committed. A transaction `afterCommit` cannot follow (a savepoint) or a
 * failed publication is logged and counted (`notification.publish`): the change is stored all the same,
 * and the web app's fallback poll finds it.
 */
export function announceAfterCommit(
  tx: Transaction,
  sink: NotificationSink,
  clientId: string,
  change: NotificationChange,
): void {
  const feed = sink.notifications;
  if (!feed) return;
  const registered = afterCommit(tx, () => publishChange(sink, clientId, change));
  if (!registered) {
    reportFailure(sink, 'notification.publish', new Error('not in a scoped transaction: not announced'), {
      client_id: clientId,
    });
  }
}

/** Publishes a committed change now (fire and forget: a failure is logged and counted). */
export function publishChange(sink: NotificationSink, clientId: string, change: NotificationChange): void {
  sink.notifications
    ?.publish(clientId, change)
    .catch((error: unknown) =>
      reportFailure(sink, 'notification.publish', error, { client_id: clientId, frame: change.type }),
    );
}
