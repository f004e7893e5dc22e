import type { HTMLAttributes, ReactNode } from 'react';
import { cx } from './class-names.ts';

/** A bordered panel; `title` renders as an `<h2>`. */
export function Card({
  title,
  children,
  className,
  ...rest
}: { title?: string; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <section className={cx('rounded-lg border border-border bg-surface-raised p-4', className)} {...rest}>
      {title ? <h2 className="mb-3 text-sm font-semibold text-text-muted">{title}</h2> : null}
      {children}
    </section>
  );
}

/** A small status label. */
export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'success' | 'warning' | 'danger' | 'primary';
}) {
  const tones = {
    neutral: 'bg-surface-muted text-text-muted',
    success: 'bg-success/15 text-success',
    warning: 'bg-warning/15 text-warning',
    danger: 'bg-danger/15 text-danger',
    primary: 'bg-primary/15 text-primary',
  };
  return (
    <span
      className={cx('inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium', tones[tone])}
    >
      {children}
    </span>
  );
}
