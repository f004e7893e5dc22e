import type { Notification } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/web-api.tsx';

/** Query key of the unread count, invalidated when notifications are marked read. */
export const unreadQueryKey = ['notifications', 'unread-count'] as const;

/**
 * How many notifications are unread (up to 100), refreshed every 30 s and on focus: the WebSocket
 * carries no notification frame, so the count is polled (see ADR 0051).
 */
export function useUnreadCount(): number {
  const client = useApi();
  const unread = useQuery({
    queryKey: unreadQueryKey,
    queryFn: ({ signal }) =>
      client.transport.json<{ data: Notification[] }>({
        method: 'GET',
        path: '/v1/notifications',
        query: { unread: 'true', limit: 100 },
        signal,
      }),
    refetchInterval: 30_000,
  });
  return unread.data?.data.length ?? 0;
}
