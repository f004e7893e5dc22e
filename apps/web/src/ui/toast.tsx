import { Toast as RadixToast } from 'radix-ui';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { cx } from './class-names.ts';

/** A short message shown in a corner for a few seconds. */
export interface ToastMessage {
  title: string;
  description?: string;
  /** @defaultValue 'info' */
  tone?: 'info' | 'success' | 'error';
}

interface ShownToast extends ToastMessage {
  id: number;
}

const ToastContext = createContext<((message: ToastMessage) => void) | null>(null);

/** Holds the toasts; screen readers announce each (errors assertively). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const show = useCallback((message: ToastMessage) => {
    setToasts((current) => [...current, { ...message, id: Date.now() + Math.random() }]);
  }, []);
  const remove = (id: number) => setToasts((current) => current.filter((toast) => toast.id !== id));
  return (
    <ToastContext value={show}>
      <RadixToast.Provider swipeDirection="right" duration={5000}>
        {children}
        {toasts.map((toast) => (
          <RadixToast.Root
            key={toast.id}
            type={toast.tone === 'error' ? 'foreground' : 'background'}
            onOpenChange={(open) => {
              if (!open) remove(toast.id);
            }}
            className={cx(
              'relative rounded-lg border bg-surface-raised p-4 pr-10 shadow-lg',
              toast.tone === 'error'
                ? 'border-danger'
                : toast.tone === 'success'
                  ? 'border-success'
                  : 'border-border',
            )}
          >
            <RadixToast.Title className="text-sm font-semibold">{toast.title}</RadixToast.Title>
            {toast.description ? (
              <RadixToast.Description className="mt-1 text-sm text-text-muted">
                {toast.description}
              </RadixToast.Description>
            ) : null}
            <RadixToast.Close
              aria-label={t('common.close')}
              className="absolute right-2 top-2 rounded p-1 text-text-muted hover:text-text"
            >
              <span aria-hidden="true">✕</span>
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="fixed bottom-4 right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none" />
      </RadixToast.Provider>
    </ToastContext>
  );
}

/** Shows a toast: `const toast = useToast(); toast({ title, tone: 'success' })`. */
export function useToast(): (message: ToastMessage) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return useMemo(() => show, [show]);
}
