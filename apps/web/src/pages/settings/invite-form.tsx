import { createInvitationSchema } from '@renum/contracts';
import { Send } from 'lucide-react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

/** Email and role of an invitation; the contract schema validates before sending. */
export function InviteForm({
  onSubmit,
}: {
  onSubmit(input: { email: string; role: 'admin' | 'member' }): Promise<void>;
}) {
  const { t } = useI18n();
  const form = useZodForm(createInvitationSchema, { email: '', role: 'member' });
  return (
    <form noValidate className="flex flex-col gap-4" onSubmit={form.handleSubmit(onSubmit)}>
      <FormError message={form.formError} />
      <Field label={t('members.email')} error={form.errors.email} required>
        <Input type="email" autoComplete="off" {...form.register('email')} />
      </Field>
      <Field label={t('apiKeys.field.role')} error={form.errors.role} hint={t('members.roleHint')}>
        <SelectMenu {...form.register('role')}>
          {(['admin', 'member'] as const).map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <div className="flex justify-end">
        <Button icon={Send} type="submit" busy={form.submitting}>
          {t('members.send')}
        </Button>
      </div>
    </form>
  );
}
