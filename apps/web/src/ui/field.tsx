import { cloneElement, type ReactElement, useId } from 'react';
import { cx } from './class-names.ts';

/** Props every control gets from {@link Field}. */
interface ControlProps {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
}

/** Props of {@link Field}. */
export interface FieldProps {
  label: string;
  /** The control: `<Input name="email" />`, `<Textarea />`, `<Select />`. */
  children: ReactElement<ControlProps>;
  /** Help shown under the control. */
  hint?: string;
  /** The error to show beside the control (client validation or the server's message). */
  error?: string | undefined;
  required?: boolean;
  className?: string;
}

/**
 * A labelled form control with its hint and error. Wires `id`, `aria-invalid` and `aria-describedby`
 * so screen readers read the label, the hint and the error.
 */
export function Field({ label, children, hint, error, required, className }: FieldProps) {
  const id = useId();
  const controlId = children.props.id ?? `${id}-control`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('flex flex-col gap-1.5', className)}>
      <label htmlFor={controlId} className="text-sm font-medium">
        {label}
        {required ? (
          <span aria-hidden="true" className="text-danger">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {cloneElement(children, {
        id: controlId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
        'aria-required': required || undefined,
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
