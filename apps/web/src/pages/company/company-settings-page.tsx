import { type ClientLimits, updateClientSettingsSchema } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useMemo } from 'react';
import { z } from 'zod';
import { meQueryKey, useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { planLabel } from '../../lib/plan-label.ts';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';
import { PromptLoggingNotice } from './prompt-logging-notice.tsx';
import { SupportAccessCard } from './support-access-card.tsx';

const languages = ['en', 'pt-BR'] as const;

/** Every IANA zone this browser knows, with the current one first when it is missing from the list. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

const formSchema = z.object({
  name: z.string().trim().min(1).max(200),
  language: z.enum(languages),
  timezone: z.string().min(1),
});

/** Name, language and time zone of the company, validated by the server's own contract before sending. */
function ProfileForm({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const client = useApi();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const toast = useToast();
  const settings = me?.client?.settings ?? {};
  const initialZone =
    typeof settings.timezone === 'string'
      ? settings.timezone
      : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const form = useZodForm(formSchema, {
    name: me?.client?.name ?? '',
    language: settings.language === 'pt-BR' ? 'pt-BR' : 'en',
    timezone: initialZone,
  });
  const zones = useMemo(() => timeZones(initialZone), [initialZone]);
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit(async (input) => {
        await client.me.updateClient(updateClientSettingsSchema.parse(input));
        await queryClient.invalidateQueries({ queryKey: meQueryKey });
        toast({ title: t('company.saved'), tone: 'success' });
      })}
    >
      <FormError message={form.formError} />
      {editable ? null : <p className="text-sm text-text-muted">{t('company.onlyAdmins')}</p>}
      <fieldset disabled={!editable} className="flex flex-col gap-4">
        <Field label={t('company.name')} error={form.errors.name} required>
          <Input {...form.register('name')} autoComplete="organization" />
        </Field>
        <Field label={t('company.language')} error={form.errors.language} hint={t('company.languageHint')}>
          <SelectMenu {...form.register('language')}>
            {languages.map((language) => (
              <option key={language} value={language}>
                {t(`language.${language}`)}
              </option>
            ))}
          </SelectMenu>
        </Field>
        <Field label={t('company.timezone')} error={form.errors.timezone} hint={t('company.timezoneHint')}>
          <SelectMenu {...form.register('timezone')}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </SelectMenu>
        </Field>
        {editable ? (
          <div className="flex justify-end">
            <Button icon={Save} type="submit" busy={form.submitting}>
              {t('common.save')}
            </Button>
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex justify-between gap-4 py-2">
      <dt className="text-text-muted">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}

/** The plan and its limits, read-only: the platform's admins set them. */
function PlanCard() {
  const { t, formatNumber } = useI18n();
  const client = useApi();
  const limits = useQuery({
    queryKey: ['limits'],
    queryFn: ({ signal }) =>
      client.transport.json<ClientLimits>({ method: 'GET', path: '/v1/limits', signal }),
  });
  const usd = (value: number) => formatNumber(value, { style: 'currency', currency: 'USD' });
  const limit = (value: number | null) => (value === null ? t('company.unlimited') : formatNumber(value));
  return (
    <Card title={t('company.plan')}>
      <QueryState query={limits}>
        {(data) => (
          <>
            <dl className="divide-y divide-border text-sm">
              <Row label={t('company.planName')} value={planLabel(t, data.plan)} />
              <Row
                label={t('company.budget')}
                value={
                  data.monthly_budget_usd === null ? t('company.noBudget') : usd(data.monthly_budget_usd)
                }
              />
              <Row label={t('company.spent')} value={usd(data.spent_usd)} />
              <Row label={t('company.rpm')} value={limit(data.requests_per_minute)} />
              <Row label={t('company.concurrent')} value={limit(data.max_concurrent_runs)} />
            </dl>
            <p className="mt-3 text-xs text-text-muted">{t('company.readOnly')}</p>
          </>
        )}
      </QueryState>
    </Card>
  );
}

/** The company's settings: name, language, time zone (owners and admins), and its plan and limits. */
export function CompanySettingsPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const editable = me?.role === 'owner' || me?.role === 'admin';
  return (
    <>
      <PageHeader title={t('nav.company')} description={t('company.description')} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title={t('company.profile')}>
          <ProfileForm key={me?.client?.updated_at} editable={editable} />
        </Card>
        <PlanCard />
        {editable ? <SupportAccessCard /> : null}
        {editable ? <PromptLoggingNotice /> : null}
      </div>
    </>
  );
}
