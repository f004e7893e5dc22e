import { Search } from 'lucide';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { NavIcon } from './nav-icon.tsx';

// The palette (cmdk and a Radix dialog) is loaded when first opened, not in the first load (ADR 0036).
const CommandPalette = lazy(() => import('./command-palette.tsx'));

/** Ctrl+K (Cmd+K on a Mac) anywhere in the app. */
function isPaletteShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
}

/** The header's search button and the Ctrl/Cmd+K shortcut that open the command palette. */
export function CommandPaletteButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const show = () => {
    setLoaded(true);
    setOpen(true);
  };
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault(); // the browser's own Ctrl+K focuses its address bar
      setLoaded(true);
      setOpen((current) => !current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <>
      <button
        ref={button}
        type="button"
        onClick={show}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K"
        className="flex h-9 items-center gap-2 rounded-md border border-border bg-surface-raised px-2 text-sm text-text-muted hover:bg-surface-muted hover:text-text sm:px-3"
      >
        <NavIcon icon={Search} className="h-4 w-4" />
        <span className="sr-only sm:not-sr-only">{t('palette.open')}</span>
        <span aria-hidden="true" className="hidden lg:inline">
          <kbd className="rounded border border-border px-1 font-sans text-xs">Ctrl K</kbd>
        </span>
      </button>
      {loaded ? (
        <Suspense fallback={null}>
          <CommandPalette open={open} onOpenChange={setOpen} />
        </Suspense>
      ) : null}
    </>
  );
}
