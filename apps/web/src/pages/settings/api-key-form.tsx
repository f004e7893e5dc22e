import { createApiKeySchema } from '@renum/contracts';
import { Plus } from 'lucide-react';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

/** A date input's `YYYY-MM-DD` as the end of that day in the reader's time zone, in ISO form. */
function endOfDay(date: string): string | undefined {
  if (date === '') return undefined;
  return new Date(`${date}T23:59:59`).toISOString();
}

/** The contract's name and role; the date field's text becomes the optional `expires_at`. */
const apiKeyFormSchema = z
  .object({
    name: createApiKeySchema.shape.name,
    role: createApiKeySchema.shape.role,
    expires_at: z.string(),
  })
  .transform(({ expires_at, ...rest }) => {
    const expires = endOfDay(expires_at);
    return { ...rest, ...(expires ? { expires_at: expires } : {}) };
  });

/** What the form sends: `POST /v1/api-keys`'s body. */
export type ApiKeyFormInput = z.output<typeof apiKeyFormSchema>;

/** Name, role and optional expiry of a new API key; the contract schema validates before sending. */
export function ApiKeyForm({ onSubmit }: { onSubmit(input: ApiKeyFormInput): Promise<void> }) {
  const { t } = useI18n();
  const form = useZodForm(apiKeyFormSchema, { name: '', role: 'member', expires_at: '' });
  return (
    <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit(onSubmit)}>
      <FormError message={form.formError} />
      <Field
        label={t('apiKeys.field.name')}
        error={form.errors.name}
        hint={t('apiKeys.field.nameHint')}
        required
      >
        <Input {...form.register('name')} autoComplete="off" />
      </Field>
      <Field label={t('apiKeys.field.role')} error={form.errors.role} hint={t('apiKeys.field.roleHint')}>
        <SelectMenu {...form.register('role')}>
          {(['admin', 'member'] as const).map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field
        label={t('apiKeys.field.expires')}
        error={form.errors.expires_at}
        hint={t('apiKeys.field.expiresHint')}
      >
        <Input type="date" {...form.register('expires_at')} />
      </Field>
      <div className="flex justify-end">
        <Button icon={Plus} type="submit" busy={form.submitting}>
          {t('apiKeys.create')}
        </Button>
      </div>
    </form>
  );
}
