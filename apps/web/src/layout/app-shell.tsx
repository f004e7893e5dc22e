import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { Dialog as RadixDialog } from 'radix-ui';
import { useEffect, useState } from 'react';
import { useAuth } from '../auth/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../lib/web-api.tsx';
import { CompanyLanguage } from '../pages/company/company-language.tsx';
import { UnreadNotificationsBadge } from '../pages/notifications/unread-badge.tsx';
import { LogoutButton } from './logout-button.tsx';
import { navItems } from './nav-items.ts';
import { LocaleSwitcher, ThemeSwitcher } from './preferences.tsx';

/** The count of pending approvals beside the inbox's entry, refreshed every 30 s; nothing when none wait. */
function PendingApprovalsBadge() {
  const { t } = useI18n();
  const client = useApi();
  const pending = useQuery({
    queryKey: ['approvals', 'pending-count'],
    queryFn: ({ signal }) => client.approvals.list({ status: 'pending', limit: 100 }, { signal }),
    refetchInterval: 30_000,
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

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
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
            <svg viewBox="0 0 24 24" aria-hidden="true" className="h-5 w-5 fill-current">
              <path d={item.icon} />
            </svg>
            {t(item.label)}
            {item.to === '/approvals' ? <PendingApprovalsBadge /> : null}
            {item.to === '/notifications' ? <UnreadNotificationsBadge /> : null}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function Brand() {
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

function PhoneMenu() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setOpen(false), [pathname]);
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger asChild>
        <button
          type="button"
          className="rounded-md p-2 hover:bg-surface-muted md:hidden"
          aria-label={t('a11y.openMenu')}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" className="h-6 w-6 fill-current">
            <path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" />
          </svg>
        </button>
      </RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50 md:hidden" />
        <RadixDialog.Content
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto bg-surface p-4 shadow-xl md:hidden"
          aria-describedby={undefined}
        >
          <div className="flex items-center justify-between">
            <RadixDialog.Title asChild>
              <span>
                <Brand />
              </span>
            </RadixDialog.Title>
            <RadixDialog.Close
              className="rounded-md p-2 hover:bg-surface-muted"
              aria-label={t('a11y.closeMenu')}
            >
              <span aria-hidden="true">✕</span>
            </RadixDialog.Close>
          </div>
          <nav aria-label={t('a11y.mainNavigation')}>
            <NavLinks onNavigate={() => setOpen(false)} />
          </nav>
          <div className="mt-auto flex flex-col gap-2">
            <LocaleSwitcher />
            <ThemeSwitcher />
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The layout of every logged-in page: skip link, header, sidebar (menu on phones), main content. */
export function AppShell() {
  const { t } = useI18n();
  const { me } = useAuth();
  return (
    <div className="min-h-screen bg-surface-muted/40">
      <CompanyLanguage />
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-text focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
      >
        {t('a11y.skipToContent')}
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface px-4">
        <PhoneMenu />
        <Brand />
        <span className="hidden text-sm text-text-muted lg:inline">{me?.client?.name}</span>
        <div className="ml-auto flex items-center gap-2">
          {me?.user?.platform_role === 'admin' ? (
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
      <div className="mx-auto flex max-w-screen-2xl">
        <aside className="sticky top-14 hidden h-[calc(100vh-3.5rem)] w-60 shrink-0 overflow-y-auto border-r border-border bg-surface p-3 md:block">
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
