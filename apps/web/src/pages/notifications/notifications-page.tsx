import type { Notification } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Bell } from 'lucide-react';
import { useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { notificationTarget, notificationTitleKey } from './notification-text.ts';

/** The notifications centre: newest first, unread ones marked, read one by one or all at once. */
export function NotificationsPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const canMark = me?.role === 'owner' || me?.role === 'admin';
  const list = useQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    queryFn: ({ signal }) =>
      client.transport.json<{ data: Notification[] }>({
        method: 'GET',
        path: '/v1/notifications',
        query: { limit: 100, ...(unreadOnly ? { unread: 'true' } : {}) },
        signal,
      }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const onError = (error: unknown) => toast({ title: describeError(error, t), tone: 'error' });
  const markOne = useMutation({
    mutationFn: (id: string) =>
      client.transport.json<Notification>({
        method: 'POST',
        path: `/v1/notifications/${encodeURIComponent(id)}/read`,
      }),
    onSuccess: refresh,
    onError,
  });
  const markAll = useMutation({
    mutationFn: () =>
      client.transport.json<{ updated: number }>({ method: 'POST', path: '/v1/notifications/read-all' }),
    onSuccess: async (result) => {
      toast({ title: t('notifications.markedAll', { count: String(result.updated) }), tone: 'success' });
      await refresh();
    },
    onError,
  });
  const title = (notification: Notification) => {
    const key = notificationTitleKey(notification);
    return key ? t(key) : t('notifications.kind.other', { kind: notification.kind });
  };
  return (
    <>
      <PageHeader
        title={t('nav.notifications')}
        description={t('notifications.description')}
        actions={
          canMark ? (
            <Button variant="secondary" busy={markAll.isPending} onClick={() => markAll.mutate()}>
              {t('notifications.markAll')}
            </Button>
          ) : null
        }
      />
      <label className="mb-4 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={unreadOnly}
          onChange={(event) => setUnreadOnly(event.target.checked)}
        />
        {t('notifications.unreadOnly')}
      </label>
      <QueryState query={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState
              icon={Bell}
              title={t('notifications.empty')}
              description={t('notifications.emptyHint')}
            />
          ) : (
            <ul className="flex flex-col divide-y divide-border rounded-lg border border-border bg-surface-raised">
              {page.data.map((notification) => {
                const target = notificationTarget(notification);
                return (
                  <li
                    key={notification.id}
                    className="flex flex-wrap items-start gap-3 p-4"
                    data-testid="notification"
                  >
                    <Badge tone={notification.read_at ? 'neutral' : 'primary'}>
                      {notification.read_at ? t('notifications.read') : t('notifications.unread')}
                    </Badge>
                    <div className="min-w-0 flex-1">
                      <p className="font-medium">{title(notification)}</p>
                      <p className="text-xs text-text-muted">{formatDate(notification.created_at)}</p>
                      {target ? (
                        <Link to={target} className="text-sm text-primary underline">
                          {target === '/approvals'
                            ? t('notifications.openApprovals')
                            : t('notifications.openUsage')}
                        </Link>
                      ) : null}
                    </div>
                    {canMark && !notification.read_at ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t('notifications.markReadNamed', { title: title(notification) })}
                        onClick={() => markOne.mutate(notification.id)}
                      >
                        {t('notifications.markRead')}
                      </Button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </>
  );
}
