import { useI18n } from '../../i18n/i18n.tsx';
import { useUnreadCount } from './use-unread-count.ts';

/** The count of unread notifications beside the nav entry; nothing when all are read. */
export function UnreadNotificationsBadge() {
  const { t } = useI18n();
  const count = useUnreadCount();
  if (count === 0) return null;
  return (
    <span
      className="ml-auto rounded-full bg-primary px-2 text-xs font-semibold text-primary-text"
      data-testid="unread-badge"
    >
      <span aria-hidden="true">{count >= 100 ? '99+' : count}</span>
      <span className="sr-only">{t('nav.unreadNotifications', { count: String(count) })}</span>
    </span>
  );
}
