import { useBlocker } from '@tanstack/react-router';
import { type RefObject, useRef } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';

/**
 * Asks before leaving a form with unsaved changes: in-app navigation gets a dialog (stay or leave),
 * closing or reloading the tab the browser's own prompt. `saving` is set while the form's own submit
 * runs, so the navigation a successful save makes is not stopped.
 *
 * ```tsx
 * const guard = useUnsavedChangesGuard(isDirty);
 * guard.saving.current = true; await onSubmit(); // navigates freely
 * return <>{form}{guard.dialog}</>;
 * ```
 */
export function useUnsavedChangesGuard(dirty: boolean): {
  saving: RefObject<boolean>;
  dialog: React.ReactNode;
} {
  const { t } = useI18n();
  const saving = useRef(false);
  const blocker = useBlocker({
    shouldBlockFn: () => dirty && !saving.current,
    enableBeforeUnload: () => dirty && !saving.current,
    withResolver: true,
  });
  const dialog = (
    <ConfirmDialog
      open={blocker.status === 'blocked'}
      onOpenChange={(open) => {
        if (!open && blocker.status === 'blocked') blocker.reset();
      }}
      title={t('form.unsaved.title')}
      description={t('form.unsaved.description')}
      confirmLabel={t('form.unsaved.leave')}
      onConfirm={() => {
        if (blocker.status === 'blocked') blocker.proceed();
      }}
    />
  );
  return { saving, dialog };
}
