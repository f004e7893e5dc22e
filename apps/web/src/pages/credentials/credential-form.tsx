import { createCredentialSchema, credentialServiceFields, knownCredentialServices } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import { type MessageKey, messagesEn } from '../../i18n/messages-en.ts';
import { describeError } from '../../lib/describe-error.ts';
import { type FieldErrors, issuesToErrors } from '../../lib/use-zod-form.ts';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

type Service = (typeof knownCredentialServices)[number];

/** The secret fields a service takes, read from its contract schema (in the schema's order). */
export function secretFieldsOf(service: Service): string[] {
  const schema = credentialServiceFields[service] as z.ZodType & { shape?: Record<string, unknown> };
  // `http` is refined (a ZodPipe-like wrapper in zod 4 keeps `shape` on the inner object).
  const shape =
    schema.shape ?? (schema as unknown as { def: { in?: { shape: Record<string, unknown> } } }).def.in?.shape;
  return Object.keys(shape ?? {});
}

/** A secret field's label: its name in the reader's language, or "Secret: <field>" for one not named. */
function secretFieldLabel(field: string, t: Translate): string {
  const key = `credentials.secretField.${field}`;
  return key in messagesEn ? t(key as MessageKey) : t('credentials.field.secret', { field });
}

/** Fields that are not secret (shown as plain text inputs). */
const plainFields = new Set(['phone_number_id', 'username']);

/**
 * Adds a credential (service, name, the service's secret fields) or replaces one's secret. The
 * secret lives only in this form's state and is cleared once sent: nothing keeps it afterwards.
 */
export function CredentialForm({
  replacing,
  onSubmit,
}: {
  /** When set, only the secret of this credential's service is asked for. */
  replacing?: { service: string; name: string } | undefined;
  onSubmit(input: z.output<typeof createCredentialSchema>): Promise<unknown>;
}) {
  const { t } = useI18n();
  const [service, setService] = useState<Service>(
    (knownCredentialServices as string[]).includes(replacing?.service ?? '')
      ? (replacing?.service as Service)
      : 'openai',
  );
  const [name, setName] = useState(replacing?.name ?? '');
  const [secret, setSecret] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const fields = secretFieldsOf(service);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const filled = Object.fromEntries(Object.entries(secret).filter(([, value]) => value !== ''));
    const serviceCheck = credentialServiceFields[service].safeParse(filled);
    const parsed = createCredentialSchema.safeParse({ service, name, secret: filled });
    const issues = [
      ...(parsed.success ? [] : parsed.error.issues),
      ...(serviceCheck.success
        ? []
        : serviceCheck.error.issues.map((issue) => ({
            ...issue,
            path: issue.path.length > 0 ? ['secret', ...issue.path] : ['secret'],
          }))),
    ];
    if (!parsed.success || issues.length > 0) {
      setErrors(issuesToErrors(issues));
      return;
    }
    setErrors({});
    setSubmitting(true);
    try {
      await onSubmit(parsed.data);
      setSecret({});
    } catch (error) {
      if (RenumApiError.isInstance(error) && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFormError(describeError(error, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4" autoComplete="off">
      <FormError message={formError} />
      {replacing ? null : (
        <>
          <Field label={t('credentials.field.service')} error={errors.service} required>
            <SelectMenu
              value={service}
              onChange={(event) => {
                setService(event.target.value as Service);
                setSecret({});
              }}
            >
              {knownCredentialServices.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Field label={t('credentials.field.name')} error={errors.name} required>
            <Input value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
        </>
      )}
      {fields.map((field) => (
        <Field
          key={`${service}.${field}`}
          label={secretFieldLabel(field, t)}
          error={errors[`secret.${field}`]}
          required={service !== 'http'}
        >
          <Input
            type={plainFields.has(field) ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            value={secret[field] ?? ''}
            onChange={(event) => setSecret((current) => ({ ...current, [field]: event.target.value }))}
          />
        </Field>
      ))}
      {errors.secret ? (
        <p role="alert" className="text-sm text-danger">
          {errors.secret}
        </p>
      ) : null}
      <p className="text-xs text-text-muted">{t('credentials.secretNote')}</p>
      <div className="flex justify-end">
        <Button type="submit" busy={submitting}>
          {replacing ? t('credentials.replace') : t('credentials.add')}
        </Button>
      </div>
    </form>
  );
}
