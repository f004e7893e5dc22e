import {
  createContext,
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { useI18n } from '../i18n/i18n.tsx';

// Radix's toast code is loaded with the first toast, not in the first load (ADR 0036); once loaded it
// stays mounted so later toasts animate in and out normally.
const ToastViewport = lazy(() => import('./toast-viewport.tsx'));

/** A short message shown in a corner for a few seconds. */
export interface ToastMessage {
  title: string;
  description?: string;
  /** @defaultValue 'info' */
  tone?: 'info' | 'success' | 'error';
}

/** A toast on screen. */
export interface ShownToast extends ToastMessage {
  id: number;
}

const ToastContext = createContext<((message: ToastMessage) => void) | null>(null);

/** Holds the toasts; screen readers announce each (errors assertively). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const [viewportLoaded, setViewportLoaded] = useState(false);
  const show = useCallback((message: ToastMessage) => {
    setViewportLoaded(true);
    setToasts((current) => [...current, { ...message, id: Date.now() + Math.random() }]);
  }, []);
  const remove = (id: number) => setToasts((current) => current.filter((toast) => toast.id !== id));
  return (
    <ToastContext value={show}>
      {children}
      {toasts.length > 0 || viewportLoaded ? (
        <Suspense fallback={null}>
          <ToastViewport toasts={toasts} remove={remove} closeLabel={t('common.close')} />
        </Suspense>
      ) : null}
    </ToastContext>
  );
}

/** Shows a toast: `const toast = useToast(); toast({ title, tone: 'success' })`. */
export function useToast(): (message: ToastMessage) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return useMemo(() => show, [show]);
}
