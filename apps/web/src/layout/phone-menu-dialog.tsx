import { X } from 'lucide-react';
import { Dialog as RadixDialog } from 'radix-ui';
import type { RefObject } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Brand, NavLinks } from './nav-links.tsx';
import { LocaleSwitcher, ThemeSwitcher } from './preferences.tsx';

/** The phone's navigation drawer; focus goes back to the menu button when it closes. */
export default function PhoneMenuDialog({
  open,
  onOpenChange,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo: RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useI18n();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50 md:hidden" />
        <RadixDialog.Content
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto bg-surface p-4 shadow-xl md:hidden"
          aria-describedby={undefined}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            returnFocusTo.current?.focus();
          }}
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
              <X aria-hidden="true" className="h-4 w-4" />
            </RadixDialog.Close>
          </div>
          <nav aria-label={t('a11y.mainNavigation')}>
            <NavLinks onNavigate={() => onOpenChange(false)} />
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
