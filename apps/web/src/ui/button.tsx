import type { LucideIcon } from 'lucide-react';
import type { ButtonHTMLAttributes } from 'react';
import { cx } from './class-names.ts';
import { Spinner } from './spinner.tsx';

/** Looks of a {@link Button}. */
export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

const variants: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-primary-text hover:bg-primary-hover',
  secondary: 'border border-border bg-surface-raised text-text hover:bg-surface-muted',
  danger: 'bg-danger text-white hover:bg-danger-hover dark:text-surface',
  ghost: 'text-text hover:bg-surface-muted',
};

/** Props of {@link Button}. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** @defaultValue 'primary' */
  variant?: ButtonVariant;
  /** @defaultValue 'md' */
  size?: 'sm' | 'md';
  /** Shows a spinner and disables the button (a form being sent). */
  busy?: boolean;
  /** A lucide icon drawn before the label (decorative: the label or `aria-label` names the button). */
  icon?: LucideIcon;
  /**
   * Below the `sm` width only the icon shows, the label staying for screen readers: for a table row's
   * actions, which otherwise push the table past a phone's width. Needs `icon`. @defaultValue false
   */
  iconOnlyOnPhone?: boolean;
}

/** The one button of the app; `type` defaults to `button` so it never submits a form by accident. */
export function Button({
  variant = 'primary',
  size = 'md',
  busy = false,
  icon: Icon,
  iconOnlyOnPhone = false,
  className,
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors',
        'disabled:cursor-not-allowed disabled:opacity-60',
        // A minimum height, not a fixed one: a label that wraps (a long translation) grows the button
        // instead of spilling out of its border.
        size === 'sm' ? 'min-h-8 px-3 py-1 text-sm' : 'min-h-10 px-4 py-2 text-sm',
        iconOnlyOnPhone && Icon && 'max-sm:px-2',
        variants[variant],
        className,
      )}
      {...rest}
    >
      {busy ? <Spinner size="sm" /> : Icon ? <Icon aria-hidden="true" className="h-4 w-4 shrink-0" /> : null}
      {iconOnlyOnPhone && Icon ? <span className="max-sm:sr-only">{children}</span> : children}
    </button>
  );
}

/** What {@link MoreButton} needs of a paged (infinite) query. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** Under a paged list: loads the next page, busy while it loads; nothing once the last page is in. */
export function MoreButton({ query, label }: { query: PagedQuery; label: string }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="mt-4 flex justify-center">
      <Button variant="secondary" busy={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        {label}
      </Button>
    </div>
  );
}
