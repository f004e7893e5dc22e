import { RenumApiError } from '@renum/sdk';
import { type ChangeEvent, type FormEvent, useCallback, useState } from 'react';
import type { z } from 'zod';
import { useI18n } from '../i18n/i18n.tsx';
import { describeError } from './describe-error.ts';

/** Field errors keyed by the field's name (the first problem of each). */
export type FieldErrors = Record<string, string>;

/** The state setters a form's submit drives. */
export interface SubmitState {
  setErrors: (errors: FieldErrors) => void;
  setFormError: (message: string | null) => void;
  setSubmitting: (submitting: boolean) => void;
  t: ReturnType<typeof useI18n>['t'];
}

/**
 * What every form's submit does with its validated values: field errors from the contract schema, or
 * the call; the server's field errors beside their fields, any other failure as the form's error.
 * Answers whether the call was made and succeeded.
 */
export async function submitParsed<T>(
  parsed: z.ZodSafeParseResult<T>,
  onValid: (input: T) => Promise<unknown> | unknown,
  state: SubmitState,
): Promise<boolean> {
  if (!parsed.success) {
    state.setErrors(issuesToErrors(parsed.error.issues));
    return false;
  }
  state.setErrors({});
  state.setSubmitting(true);
  try {
    await onValid(parsed.data);
    return true;
  } catch (error) {
    if (RenumApiError.isInstance(error) && Object.keys(error.fields).length > 0)
      state.setErrors(error.fields);
    else state.setFormError(describeError(error, state.t));
    return false;
  } finally {
    state.setSubmitting(false);
  }
}

/**
 * A small form state for a contract schema: the same zod schema as the server validates the values
 * before sending, and the server's `VALIDATION_ERROR` details land beside the same fields.
 *
 * ```tsx
 * const form = useZodForm(loginSchema, { email: '', password: '' });
 * <form onSubmit={form.handleSubmit((input) => client.auth.login(input))}>
 *   <Field label="Email" error={form.errors.email}><Input {...form.register('email')} /></Field>
 * ```
 */
export function useZodForm<SCHEMA extends z.ZodType, VALUES extends Record<string, string>>(
  schema: SCHEMA,
  initialValues: VALUES,
) {
  const [values, setValues] = useState<VALUES>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const { t } = useI18n();

  const register = useCallback(
    (name: keyof VALUES & string) => ({
      name,
      value: values[name] ?? '',
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
        const value = event.target.value;
        setValues((current) => ({ ...current, [name]: value }));
        // A corrected field stops showing its old error.
        setErrors((current) => {
          if (!(name in current)) return current;
          const { [name]: _removed, ...rest } = current;
          return rest;
        });
      },
    }),
    [values],
  );

  const handleSubmit = useCallback(
    (onValid: (input: z.output<SCHEMA>) => Promise<unknown> | unknown) => async (event?: FormEvent) => {
      event?.preventDefault();
      setFormError(null);
      await submitParsed(schema.safeParse(values), onValid, { setErrors, setFormError, setSubmitting, t });
    },
    [schema, values, t],
  );

  return {
    values,
    setValues,
    errors,
    setErrors,
    formError,
    setFormError,
    submitting,
    register,
    handleSubmit,
  };
}

/** zod issues to field errors: the first message per top-level field; root problems under `''`. */
export function issuesToErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = issue.path.map(String).join('.');
    if (!(name in errors)) errors[name] = issue.message;
  }
  return errors;
}
