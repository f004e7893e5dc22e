import { Outlet } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { LocaleSwitcher, ThemeSwitcher } from './preferences.tsx';

/** The layout of the logged-out pages: a centred card with the language and theme switches. */
export function AuthLayout() {
  const { t } = useI18n();
  return (
    <div className="flex min-h-screen flex-col bg-surface-muted/40">
      <header className="flex items-center justify-end gap-2 p-4">
        <LocaleSwitcher />
        <ThemeSwitcher />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pb-16 pt-4 sm:items-center">
        <div className="w-full max-w-md">
          <div className="mb-6 flex flex-col items-center gap-2 text-center">
            <span
              aria-hidden="true"
              className="grid h-12 w-12 place-items-center rounded-xl bg-primary text-xl font-bold text-primary-text"
            >
              R
            </span>
            <p className="text-sm text-text-muted">{t('app.tagline')}</p>
          </div>
          <div className="rounded-xl border border-border bg-surface p-6 shadow-sm sm:p-8">
            <Outlet />
          </div>
        </div>
      </main>
    </div>
  );
}
