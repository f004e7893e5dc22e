import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState } from '../../ui/states.tsx';

/** Placeholder dashboard: greets the person (the figures come with issue 5's dashboard page). */
export function DashboardPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <>
      <PageHeader
        title={t('nav.dashboard')}
        description={t('dashboard.welcome', { name: me?.user?.name ?? '' })}
      />
      <EmptyState title={t('common.coming')} />
    </>
  );
}
