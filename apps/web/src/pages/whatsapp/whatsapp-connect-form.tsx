import { connectWhatsAppSchema } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

/** The contract's own schema, with the form's empty optional fields left out first. */
const formSchema = z.preprocess(
  (values) =>
    Object.fromEntries(
      Object.entries(values as Record<string, string>).filter(([, value]) => value.trim() !== ''),
    ),
  connectWhatsAppSchema,
);

/** Connect a WhatsApp Business number: its agent, credential, ids and secrets (cleared once sent). */
export function WhatsAppConnectForm({ onConnected }: { onConnected(): Promise<unknown> }) {
  const { t } = useI18n();
  const client = useApi();
  const agents = useQuery({
    queryKey: ['agents', 'names'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const credentials = useQuery({
    queryKey: ['credentials'],
    queryFn: ({ signal }) => client.credentials.list({ signal }),
  });
  const whatsappCredentials = (credentials.data?.data ?? []).filter((row) => row.service === 'whatsapp');
  const form = useZodForm(formSchema, {
    agent_id: '',
    credential_id: '',
    phone_number_id: '',
    display_phone_number: '',
    verify_token: '',
    app_secret: '',
    template_name: '',
    template_language: 'pt_BR',
  });
  return (
    <form
      noValidate
      autoComplete="off"
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit(async (values) => {
        await client.whatsapp.connect(values);
        await onConnected();
      })}
    >
      <FormError message={form.formError} />
      <Field label={t('whatsapp.agent')} error={form.errors.agent_id} required>
        <SelectMenu {...form.register('agent_id')}>
          <option value="">{t('whatsapp.choose')}</option>
          {(agents.data?.data ?? []).map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field
        label={t('whatsapp.credential')}
        error={form.errors.credential_id}
        hint={whatsappCredentials.length === 0 ? t('whatsapp.noCredential') : t('whatsapp.credentialHint')}
        required
      >
        <SelectMenu {...form.register('credential_id')}>
          <option value="">{t('whatsapp.choose')}</option>
          {whatsappCredentials.map((credential) => (
            <option key={credential.id} value={credential.id}>
              {credential.name} ({credential.masked})
            </option>
          ))}
        </SelectMenu>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('whatsapp.phoneNumberId')} error={form.errors.phone_number_id} required>
          <Input {...form.register('phone_number_id')} inputMode="numeric" spellCheck={false} />
        </Field>
        <Field label={t('whatsapp.displayNumber')} error={form.errors.display_phone_number}>
          <Input {...form.register('display_phone_number')} inputMode="tel" />
        </Field>
        <Field
          label={t('whatsapp.verifyToken')}
          error={form.errors.verify_token}
          hint={t('whatsapp.verifyTokenHint')}
          required
        >
          <Input {...form.register('verify_token')} spellCheck={false} />
        </Field>
        <Field
          label={t('whatsapp.appSecret')}
          error={form.errors.app_secret}
          hint={t('whatsapp.appSecretHint')}
          required
        >
          <Input {...form.register('app_secret')} type="password" spellCheck={false} />
        </Field>
        <Field
          label={t('whatsapp.templateName')}
          error={form.errors.template_name}
          hint={t('whatsapp.templateHint')}
        >
          <Input {...form.register('template_name')} spellCheck={false} />
        </Field>
        <Field label={t('whatsapp.templateLanguage')} error={form.errors.template_language}>
          <Input {...form.register('template_language')} spellCheck={false} />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" busy={form.submitting}>
          {t('whatsapp.connect')}
        </Button>
      </div>
    </form>
  );
}
