import { Link, Outlet } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useAuth } from '../auth/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { CompanyLanguage } from '../pages/company/company-language.tsx';
import { CommandPaletteButton } from './command-palette-button.tsx';
import { LogoutButton } from './logout-button.tsx';
import { Brand, NavLinks } from './nav-links.tsx';
import { PhoneMenu } from './phone-menu.tsx';
import { LocaleSwitcher, ThemeSwitcher } from './preferences.tsx';
import { ViewAsBanner } from './view-as-banner.tsx';

// Notification frames (ADR 0061) are followed from a chunk loaded after the first page (ADR 0036's budget).
const LiveNotifications = lazy(() => import('../pages/notifications/live-notifications.tsx'));

/** The layout of every logged-in page: skip link, header, sidebar (menu on phones), main content. */
export function AppShell() {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <div className="min-h-screen bg-surface-muted/40">
      <CompanyLanguage />
      <Suspense fallback={null}>
        <LiveNotifications />
      </Suspense>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-text focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
      >
        {t('a11y.skipToContent')}
      </a>
      {/* One sticky block: the view-as banner stays in sight with the header (issue 16). */}
      <div className="sticky top-0 z-30">
        <ViewAsBanner />
        <header className="flex h-14 items-center gap-3 border-b border-border bg-surface px-4">
          <PhoneMenu />
          <Brand />
          <span className="hidden text-sm text-text-muted lg:inline">{me?.client?.name}</span>
          <div className="ml-auto flex items-center gap-2">
            <CommandPaletteButton />
            {me?.user?.platform_role === 'admin' && !me.view_as ? (
              <Link to="/admin" className="text-sm font-medium text-primary underline">
                {t('admin.console')}
              </Link>
            ) : null}
            <LocaleSwitcher className="hidden md:flex" />
            <ThemeSwitcher className="hidden md:flex" />
            <span
              className="hidden max-w-40 truncate text-sm text-text-muted sm:inline"
              data-testid="current-user"
            >
              {me?.user?.name}
            </span>
            <LogoutButton />
          </div>
        </header>
      </div>
      <div className="mx-auto flex max-w-screen-2xl">
        <aside
          className={`sticky hidden ${me?.view_as ? 'top-24 h-[calc(100vh-6rem)]' : 'top-14 h-[calc(100vh-3.5rem)]'} w-60 shrink-0 overflow-y-auto border-r border-border bg-surface p-3 md:block`}
        >
          <nav aria-label={t('a11y.mainNavigation')}>
            <NavLinks />
          </nav>
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none sm:p-6 lg:p-8">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
