import { cx } from './class-names.ts';

/** A spinning ring; decorative (the surrounding text or `aria-busy` says what is happening). */
export function Spinner({ size = 'md', className }: { size?: 'sm' | 'md'; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cx(
        'inline-block animate-spin rounded-full border-2 border-current border-r-transparent',
        size === 'sm' ? 'h-4 w-4' : 'h-6 w-6',
        className,
      )}
    />
  );
}
