import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../lib/web-api.tsx';
import { useFallbackPoll } from '../pages/notifications/live-status.ts';
import { UnreadNotificationsBadge } from '../pages/notifications/unread-badge.tsx';
import { NavIcon } from './nav-icon.tsx';
import { navItems } from './nav-items.ts';

/**
 * The count of pending approvals beside the inbox's entry, read again on each approval notification of
 * the WebSocket (polled only while it is down); nothing when none wait.
 */
function PendingApprovalsBadge() {
  const { t } = useI18n();
  const client = useApi();
  const poll = useFallbackPoll();
  const pending = useQuery({
    queryKey: ['approvals', 'pending-count'],
    queryFn: ({ signal }) => client.approvals.list({ status: 'pending', limit: 100 }, { signal }),
    refetchInterval: poll,
  });
  const count = pending.data?.data.length ?? 0;
  if (count === 0) return null;
  return (
    <span className="ml-auto rounded-full bg-danger px-2 text-xs font-semibold text-white">
      <span aria-hidden="true">{count >= 100 ? '99+' : count}</span>
      <span className="sr-only">{t('nav.pendingApprovals', { count: String(count) })}</span>
    </span>
  );
}

/** The main navigation's links (sidebar and phone menu). */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  return (
    <ul className="flex flex-col gap-1">
      {navItems.map((item) => (
        <li key={item.to}>
          <Link
            to={item.to}
            onClick={onNavigate}
            activeOptions={{ exact: item.to === '/' }}
            className="flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-text-muted hover:bg-surface-muted hover:text-text aria-[current=page]:bg-primary/10 aria-[current=page]:text-primary"
          >
            <NavIcon icon={item.icon} className="h-5 w-5 shrink-0" />
            {t(item.label)}
            {item.to === '/approvals' ? <PendingApprovalsBadge /> : null}
            {item.to === '/notifications' ? <UnreadNotificationsBadge /> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The product's mark, a link home. */
export function Brand() {
  const { t } = useI18n();
  return (
    <Link to="/" className="flex items-center gap-2 text-lg font-bold tracking-tight">
      <span
        aria-hidden="true"
        className="grid h-8 w-8 place-items-center rounded-md bg-primary text-primary-text"
      >
        R
      </span>
      {t('app.name')}
    </Link>
  );
}
