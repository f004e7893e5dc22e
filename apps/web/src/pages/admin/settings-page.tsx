import type { PlatformSettings, PlatformSettingsView } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Select } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from './form-error.tsx';
import {
  EnabledModelsEditor,
  FeaturesEditor,
  nextRowKey,
  PriceOverridesEditor,
  type PriceRow,
} from './settings-editors.tsx';

function priceRowsOf(settings: PlatformSettings): PriceRow[] {
  return Object.entries(settings.price_overrides).map(([model, price]) => ({
    key: nextRowKey(),
    model,
    input: String(price.input_per_million),
    output: String(price.output_per_million),
  }));
}

function pricesOf(rows: PriceRow[]) {
  return Object.fromEntries(
    rows
      .filter((row) => row.model.trim())
      .map((row) => [
        row.model.trim(),
        { input_per_million: Number(row.input || 0), output_per_million: Number(row.output || 0) },
      ]),
  );
}

/** The form over the settings in force; saving sets the next version. */
function SettingsForm({ view }: { view: PlatformSettingsView }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const current = view.current;
  const plans = useQuery({
    queryKey: ['admin', 'plans'],
    queryFn: ({ signal }) => api.admin.plans.list({ signal }),
  });
  const [defaultPlan, setDefaultPlan] = useState(current.default_plan ?? '');
  const [enabled, setEnabled] = useState<string[] | null>(current.enabled_models);
  const [prices, setPrices] = useState(() => priceRowsOf(current));
  const [features, setFeatures] = useState(current.features);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.admin.settings.update({
        base_version: current.version,
        default_plan: defaultPlan || null,
        enabled_models: enabled,
        price_overrides: pricesOf(prices),
        features,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      toast({ title: t('admin.settings.saved', { version: saved.version }), tone: 'success' });
    },
  });
  return (
    <Card title={t('admin.settings.current', { version: current.version })}>
      <p className="mb-4 text-sm text-text-muted">
        {t('admin.settings.priceVersion', { version: current.price_version })}
      </p>
      <form
        className="flex flex-col gap-6"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label={t('admin.settings.defaultPlan')} hint={t('admin.settings.defaultPlanHint')}>
          <Select value={defaultPlan} onChange={(event) => setDefaultPlan(event.target.value)}>
            <option value="">{t('admin.settings.deploymentDefault')}</option>
            {(plans.data?.data ?? [])
              .filter((plan) => !plan.retired_at || plan.name === current.default_plan)
              .map((plan) => (
                <option key={plan.name} value={plan.name}>
                  {plan.name}
                </option>
              ))}
          </Select>
        </Field>
        <EnabledModelsEditor available={view.available_models} enabled={enabled} onChange={setEnabled} />
        <PriceOverridesEditor rows={prices} onChange={setPrices} />
        <FeaturesEditor features={features} onChange={setFeatures} />
        <Field label={t('admin.settings.reason')}>
          <Input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
        </Field>
        <FormError error={save.error} />
        <Button type="submit" className="self-start" busy={save.isPending}>
          {t('admin.settings.save')}
        </Button>
      </form>
    </Card>
  );
}

/** Earlier versions, newest first. */
function History({ view }: { view: PlatformSettingsView }) {
  const { t, formatDate } = useI18n();
  return (
    <Card title={t('admin.settings.history')}>
      {view.history.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.settings.noHistory')}</p>
      ) : (
        <Table
          caption={t('admin.settings.history')}
          rows={view.history}
          rowKey={(row) => String(row.version)}
          columns={[
            { key: 'version', header: t('admin.settings.version'), cell: (row) => row.version },
            {
              key: 'when',
              header: t('admin.audit.when'),
              cell: (row) => (row.created_at ? formatDate(row.created_at) : '–'),
            },
            { key: 'plan', header: t('admin.settings.defaultPlan'), cell: (row) => row.default_plan ?? '–' },
            {
              key: 'prices',
              header: t('admin.settings.priceVersionShort'),
              cell: (row) => row.price_version,
              shownFrom: 'lg',
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Platform settings: default plan, enabled models, price overrides, feature switches; versioned. */
export function AdminSettingsPage() {
  const { t } = useI18n();
  const api = useApi();
  const settings = useQuery({
    queryKey: ['admin', 'settings'],
    queryFn: ({ signal }) => api.admin.settings.get({ signal }),
  });
  return (
    <>
      <PageHeader title={t('admin.nav.settings')} description={t('admin.settings.description')} />
      <QueryState query={settings}>
        {(view) => (
          <div className="flex flex-col gap-4">
            <SettingsForm key={view.current.version} view={view} />
            <History view={view} />
          </div>
        )}
      </QueryState>
    </>
  );
}
