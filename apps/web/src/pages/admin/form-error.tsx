import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { cx } from '../../ui/class-names.ts';

/** A console form's failed save, announced (role alert) in the reader's language; nothing without one. */
export function FormError({ error, className }: { error: unknown; className?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className={cx('text-sm text-danger', className)}>
      {describeError(error, t)}
    </p>
  );
}
