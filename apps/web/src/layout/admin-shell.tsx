import { Link, Outlet } from '@tanstack/react-router';
import { useAuth } from '../auth/auth.tsx';
import { adminEn } from '../i18n/admin-console.en.ts';
import { addMessages, useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages-en.ts';
import { EmptyState } from '../ui/states.tsx';
import { LogoutButton } from './logout-button.tsx';
import { LocaleSwitcher, ThemeSwitcher } from './preferences.tsx';

// The console's strings come with its chunk, not with every builder user's first load (ADR 0036).
addMessages('en', adminEn);

/** The admin console's navigation, in order. */
const adminNav: Array<{
  to:
    | '/admin'
    | '/admin/users'
    | '/admin/monitoring'
    | '/admin/suna'
    | '/admin/global-agents'
    | '/admin/audit'
    | '/admin/plans'
    | '/admin/settings';
  label: MessageKey;
}> = [
  { to: '/admin', label: 'admin.nav.clients' },
  { to: '/admin/users', label: 'admin.nav.users' },
  { to: '/admin/monitoring', label: 'admin.nav.monitoring' },
  { to: '/admin/suna', label: 'admin.nav.suna' },
  { to: '/admin/global-agents', label: 'globalAgents.nav' },
  { to: '/admin/audit', label: 'admin.nav.audit' },
  { to: '/admin/plans', label: 'admin.nav.plans' },
  { to: '/admin/settings', label: 'admin.nav.settings' },
];

const linkClass =
  'whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-text-muted hover:bg-surface-muted hover:text-text ' +
  'aria-[current=page]:bg-primary/10 aria-[current=page]:text-primary';

function AdminNav({ className }: { className: string }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('admin.navigation')} className={className}>
      <ul className="flex gap-1 md:flex-col">
        {adminNav.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              activeOptions={{ exact: item.to === '/admin' }}
              className={`block ${linkClass}`}
            >
              {t(item.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What a person who is not a platform admin sees at any `/admin` address. */
function AdminForbidden() {
  const { t } = useI18n();
  return (
    <main id="main" className="mx-auto max-w-lg p-8">
      <h1 className="sr-only">{t('admin.forbidden.title')}</h1>
      <EmptyState
        title={t('admin.forbidden.title')}
        description={t('admin.forbidden.description')}
        action={
          <Link to="/" className="text-primary underline">
            {t('admin.backToApp')}
          </Link>
        }
      />
    </main>
  );
}

/**
 * The admin console's own layout (platform admins only): header, its navigation (a sidebar, a
 * scrolling row on phones) and the page. Anyone else gets a refusal; the API refuses them too.
 */
export function AdminShell() {
  const { t } = useI18n();
  const { me } = useAuth();
  if (me?.user?.platform_role !== 'admin') return <AdminForbidden />;
  return (
    <div className="min-h-screen bg-surface-muted/40">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-text focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
      >
        {t('a11y.skipToContent')}
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface px-4">
        <Link to="/admin" className="flex items-center gap-2 text-lg font-bold tracking-tight">
          <span
            aria-hidden="true"
            className="grid h-8 w-8 place-items-center rounded-md bg-text text-surface"
          >
            R
          </span>
          <span className="sr-only sm:not-sr-only">{t('admin.console')}</span>
        </Link>
        <div className="ml-auto flex items-center gap-2">
          {me.client ? (
            <Link to="/" className="hidden text-sm text-primary underline sm:inline">
              {t('admin.backToApp')}
            </Link>
          ) : null}
          <LocaleSwitcher className="hidden md:flex" />
          <ThemeSwitcher className="hidden md:flex" />
          <span
            className="hidden max-w-40 truncate text-sm text-text-muted sm:inline"
            data-testid="current-user"
          >
            {me.user.email}
          </span>
          <LogoutButton />
        </div>
      </header>
      <AdminNav className="overflow-x-auto border-b border-border bg-surface px-2 py-1 md:hidden" />
      <div className="mx-auto flex max-w-screen-2xl">
        <aside className="sticky top-14 hidden h-[calc(100vh-3.5rem)] w-56 shrink-0 border-r border-border bg-surface p-3 md:block">
          <AdminNav className="" />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6 lg:p-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
