import { X } from 'lucide-react';
import { AlertDialog, Dialog as RadixDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Button } from './button.tsx';

const overlay = 'fixed inset-0 z-40 bg-black/50';
const panel =
  'fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 ' +
  'overflow-y-auto rounded-lg border border-border bg-surface-raised p-6 shadow-xl';

/** Props of {@link Dialog}. */
export interface DialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: string;
  children: ReactNode;
}

/**
 * A modal dialog (focus trapped, Escape closes, title announced), e.g. for a create form. A form submitted
 * inside it stays inside it: the dialog is portalled out of the page in the DOM but not in React's tree,
 * so without the stop below its submit event would also reach a form the dialog is opened from (an agent's
 * Test dialog would save the agent).
 */
export function Dialog({ open, onOpenChange, title, description, children }: DialogProps) {
  const { t } = useI18n();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={overlay} />
        <RadixDialog.Content className={panel} {...(description ? {} : { 'aria-describedby': undefined })}>
          <RadixDialog.Title className="text-lg font-semibold">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-text-muted">
              {description}
            </RadixDialog.Description>
          ) : null}
          <div className="mt-4" onSubmit={(event) => event.stopPropagation()}>
            {children}
          </div>
          <RadixDialog.Close asChild>
            <button
              type="button"
              aria-label={t('common.close')}
              className="absolute right-3 top-3 rounded p-1 text-text-muted hover:text-text"
            >
              <X aria-hidden="true" className="h-4 w-4" />
            </button>
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description: string;
  /** Label of the confirming button. @defaultValue t('common.confirm') */
  confirmLabel?: string;
  /** Red confirming button for destructive actions. @defaultValue true */
  destructive?: boolean;
  busy?: boolean;
  onConfirm(): void | Promise<void>;
}

/** Asks before a destructive action; focus starts on Cancel, so Enter does not destroy anything. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useI18n();
  const { destructive = true } = props;
  return (
    <AlertDialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlay} />
        <AlertDialog.Content className={panel}>
          <AlertDialog.Title className="text-lg font-semibold">{props.title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-text-muted">
            {props.description}
          </AlertDialog.Description>
          <div className="mt-6 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary">{t('common.cancel')}</Button>
            </AlertDialog.Cancel>
            <Button
              variant={destructive ? 'danger' : 'primary'}
              busy={props.busy ?? false}
              onClick={() => void props.onConfirm()}
            >
              {props.confirmLabel ?? t('common.confirm')}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
