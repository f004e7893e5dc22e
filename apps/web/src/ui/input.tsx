import type { ComponentPropsWithRef, InputHTMLAttributes, SelectHTMLAttributes } from 'react';
import { cx } from './class-names.ts';

const control =
  'w-full rounded-md border border-border bg-surface-raised px-3 text-sm text-text placeholder:text-text-muted ' +
  'aria-[invalid=true]:border-danger disabled:opacity-60';

/** A text input; pair it with {@link Field} for its label and error. */
export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx(control, 'h-10', className)} {...rest} />;
}

/** A multi-line text input (its `ref` reaches the textarea, for `setCustomValidity`). */
export function Textarea({ className, ...rest }: ComponentPropsWithRef<'textarea'>) {
  return <textarea className={cx(control, 'min-h-24 py-2', className)} {...rest} />;
}

/** A native select: accessible and usable on phones without extra work. */
export function Select({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cx(control, 'h-10', className)} {...rest} />;
}
