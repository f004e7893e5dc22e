import { RenumApiError } from '@renum/sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { type FieldErrors, issuesToErrors } from '../../lib/use-zod-form.ts';

/** How long typing must pause before the step is saved by itself. */
const autosaveDelayMs = 800;

/**
 * One wizard step's form state: `body` is validated with the step's contract schema; a valid body is
 * saved by itself a moment after the last change (autosave), and `flush` saves it now (Next), showing
 * the schema's or the server's field errors beside their fields.
 */
export function useStepForm<Schema extends z.ZodType>(options: {
  schema: Schema;
  body: unknown;
  /** Whether the server already holds this step (else even an untouched form is saved on Next). */
  saved: boolean;
  save: (data: z.output<Schema>) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const serialized = JSON.stringify(options.body);
  const lastSaved = useRef<string | null>(options.saved ? serialized : null);
  const { schema, save } = options;

  const persist = useCallback(
    async (body: unknown, showInvalid: boolean): Promise<boolean> => {
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        if (showInvalid) setErrors(issuesToErrors(parsed.error.issues));
        return false;
      }
      const text = JSON.stringify(body);
      if (text === lastSaved.current) return true;
      try {
        await save(parsed.data);
        lastSaved.current = text;
        setErrors({});
        setFormError(null);
        return true;
      } catch (error) {
        if (RenumApiError.isInstance(error) && Object.keys(error.fields).length > 0) setErrors(error.fields);
        else setFormError(describeError(error, t));
        return false;
      }
    },
    [schema, save, t],
  );

  useEffect(() => {
    if (serialized === lastSaved.current) return;
    const timer = setTimeout(() => void persist(JSON.parse(serialized), false), autosaveDelayMs);
    return () => clearTimeout(timer);
  }, [serialized, persist]);

  const flush = useCallback(() => persist(options.body, true), [persist, options.body]);
  return { errors, formError, flush };
}
