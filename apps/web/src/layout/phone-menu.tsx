import { useRouterState } from '@tanstack/react-router';
import { Menu } from 'lucide';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { NavIcon } from './nav-icon.tsx';

// The drawer (Radix Dialog with its focus trap and scroll lock) is loaded when first opened: most
// visits never open it, and it is not part of the first load (ADR 0036).
const PhoneMenuDialog = lazy(() => import('./phone-menu-dialog.tsx'));

/** The phone's menu button and, once opened, its navigation drawer. */
export function PhoneMenu() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the menu whenever the page changes
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="rounded-md p-2 hover:bg-surface-muted md:hidden"
        aria-label={t('a11y.openMenu')}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setLoaded(true);
          setOpen(true);
        }}
      >
        <NavIcon icon={Menu} className="h-6 w-6" />
      </button>
      {loaded ? (
        <Suspense fallback={null}>
          <PhoneMenuDialog open={open} onOpenChange={setOpen} returnFocusTo={button} />
        </Suspense>
      ) : null}
    </>
  );
}
