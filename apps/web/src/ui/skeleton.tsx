import type { ReactNode } from 'react';
import { cx } from './class-names.ts';

/** A grey placeholder block that pulses where content is about to appear; decorative. */
export function Skeleton({ className }: { className?: string }) {
  return (
    <span aria-hidden="true" className={cx('block animate-pulse rounded-md bg-surface-muted', className)} />
  );
}

/**
 * A region that is still loading: `aria-busy` on it, its name read by screen readers (the visible
 * placeholders are decorative), and the placeholders (by default a heading and a few rows) inside.
 */
export function SkeletonRegion({
  label,
  rows = 4,
  children,
}: {
  label: string;
  /** Placeholder rows drawn when there are no `children`. @defaultValue 4 */
  rows?: number;
  children?: ReactNode;
}) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" className="flex flex-col gap-3 py-2">
      <span className="sr-only">{label}</span>
      {children ?? (
        <>
          <Skeleton className="h-6 w-1/3" />
          {Array.from({ length: rows }, (_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their position
            <Skeleton key={index} className={cx('h-10', index % 2 === 0 ? 'w-full' : 'w-11/12')} />
          ))}
        </>
      )}
    </div>
  );
}
