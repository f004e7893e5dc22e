import { RenumApiError } from '@renum/sdk';
import { Link } from '@tanstack/react-router';
import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError } from '../lib/describe-error.ts';
import { Button } from './button.tsx';
import { SkeletonRegion } from './skeleton.tsx';

/**
 * Shown while a list or page loads: placeholders shaped like rows instead of "Loading…" text, in a
 * region marked `aria-busy` whose name screen readers announce politely.
 */
export function LoadingState({ label, rows }: { label?: string; rows?: number }) {
  const { t } = useI18n();
  return <SkeletonRegion label={label ?? t('common.loading')} {...(rows === undefined ? {} : { rows })} />;
}

/** Whether the server said the thing asked for does not exist (or is another company's). */
function isNotFound(error: unknown): boolean {
  return RenumApiError.isInstance(error) && error.status === 404;
}

/**
 * Shown when a load failed: the server's message when there is one, and a retry button. A thing that
 * does not exist says so, with a way back instead of a retry that cannot help.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = describeError(error, t);
  const missing = isNotFound(error);
  return (
    <div role="alert" className="flex flex-col items-center gap-3 py-12 text-center">
      <p className="font-medium text-danger">{missing ? t('states.notFound') : t('common.error')}</p>
      {message !== t('common.error') ? <p className="text-sm text-text-muted">{message}</p> : null}
      {missing ? (
        <Link to="/" className="text-primary underline">
          {t('notFound.back')}
        </Link>
      ) : onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** Shown when a list is empty: what is missing, and the action that fills it. */
export function EmptyState({
  icon: Icon,
  title,
  description,
  action,
}: {
  /** A lucide icon for what the list holds (decorative). */
  icon?: LucideIcon;
  title?: string;
  description?: string;
  action?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border px-6 py-12 text-center">
      {Icon ? (
        <span
          aria-hidden="true"
          className="mb-1 grid h-12 w-12 place-items-center rounded-full bg-primary/10 text-primary"
        >
          <Icon className="h-6 w-6" />
        </span>
      ) : null}
      <p className="font-medium">{title ?? t('common.empty')}</p>
      {description ? <p className="max-w-md text-sm text-text-muted">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}

/**
 * Renders a query's three states in one place: `<QueryState query={agents}>{(data) => …}</QueryState>`.
 */
export function QueryState<DATA>({
  query,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: DATA | undefined; refetch(): unknown };
  children(data: DATA): ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
