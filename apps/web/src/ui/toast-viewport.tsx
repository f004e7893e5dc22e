import { X } from 'lucide-react';
import { Toast as RadixToast } from 'radix-ui';
import { cx } from './class-names.ts';
import type { ShownToast } from './toast.tsx';

/** The toasts themselves (Radix Toast: announced to screen readers, errors assertively, swipe to close). */
export default function ToastViewport({
  toasts,
  remove,
  closeLabel,
}: {
  toasts: ShownToast[];
  remove: (id: number) => void;
  closeLabel: string;
}) {
  return (
    <RadixToast.Provider swipeDirection="right" duration={5000}>
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
            aria-label={closeLabel}
            className="absolute right-2 top-2 rounded p-1 text-text-muted hover:text-text"
          >
            <X aria-hidden="true" className="h-4 w-4" />
          </RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className="fixed bottom-4 right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none" />
    </RadixToast.Provider>
  );
}
