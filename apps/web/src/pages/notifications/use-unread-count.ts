import type { Notification } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../lib/web-api.tsx';
import { useFallbackPoll } from './live-status.ts';

/** Query key of the unread count, invalidated when notifications are marked read. */
export const unreadQueryKey = ['notifications', 'unread-count'] as const;

/**
 * How many notifications are unread (up to 100): read again on each `notification` or
 * `notifications_read` frame of the WebSocket and on focus; polled every 5 minutes only while the
 * socket is down (ADR 0061, replacing ADR 0051's 30-second poll).
 */
export function useUnreadCount(): number {
  const client = useApi();
  const poll = useFallbackPoll();
  const unread = useQuery({
    queryKey: unreadQueryKey,
    queryFn: ({ signal }) =>
      client.transport.json<{ data: Notification[] }>({
        method: 'GET',
        path: '/v1/notifications',
        query: { unread: 'true', limit: 100 },
        signal,
      }),
    refetchInterval: poll,
  });
  return unread.data?.data.length ?? 0;
}
