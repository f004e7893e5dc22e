import type { Notification } from '@renum/contracts';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime.tsx';
import { useToast } from '../../ui/toast.tsx';
import { setNotificationsLive } from './live-status.ts';
import { notificationTitleKey } from './notification-text.ts';

/**
 * Follows the client's notifications on the page's WebSocket (mounted once, in the layout): a new one
 * has the unread count, the notifications list (and the approvals, for an approval's) read again and a
 * toast in the reader's language; one read anywhere (another tab, a colleague) has the count read again.
 * While the socket is open the queries do not poll (live-status.ts).
 */
export function useLiveNotifications(): void {
  const connection = useRealtime();
  const status = useRealtimeStatus(connection);
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t } = useI18n();
  useEffect(
    () =>
      connection.on((frame) => {
        if (frame.type === 'notifications_read') void refresh(queryClient, null);
        if (frame.type !== 'notification') return;
        void refresh(queryClient, frame.notification);
        const key = notificationTitleKey(frame.notification);
        toast({
          title: t('notifications.newToast'),
          description: key ? t(key) : t('notifications.kind.other', { kind: frame.notification.kind }),
        });
      }),
    [connection, queryClient, toast, t],
  );
  useEffect(() => {
    setNotificationsLive(status === 'open');
    return () => setNotificationsLive(false);
  }, [status]);
}

function refresh(queryClient: QueryClient, notification: Notification | null) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    notification?.kind.startsWith('approval.')
      ? queryClient.invalidateQueries({ queryKey: ['approvals'] })
      : undefined,
  ]);
}
