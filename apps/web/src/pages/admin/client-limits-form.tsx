import type { AdminClientDetail } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Select } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { formatUsd } from './admin-format.ts';
import { FormError } from './form-error.tsx';

type Limits = AdminClientDetail['limits'];
const text = (value: number | null) => (value === null ? '' : String(value));
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

/** The client's plan and its own overrides (empty: the plan's value), with this month's spend. */
export function ClientLimitsForm({ clientId, limits }: { clientId: string; limits: Limits }) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const plans = useQuery({
    queryKey: ['admin', 'plans'],
    queryFn: ({ signal }) => api.admin.plans.list({ signal }),
  });
  const [plan, setPlan] = useState(limits.plan);
  const [budget, setBudget] = useState(text(limits.overrides.monthly_budget_usd));
  const [rpm, setRpm] = useState(text(limits.overrides.requests_per_minute));
  const [concurrency, setConcurrency] = useState(text(limits.overrides.max_concurrent_runs));
  const save = useMutation({
    mutationFn: () =>
      api.admin.clients.setLimits(clientId, {
        plan,
        monthly_budget_usd: numberOrNull(budget),
        requests_per_minute: numberOrNull(rpm),
        max_concurrent_runs: numberOrNull(concurrency),
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      toast({ title: t('admin.client.limitsSaved'), tone: 'success' });
    },
  });
  const spent = formatUsd(formatNumber, limits.spent_usd);
  const percent =
    limits.budget_used_percent === null ? t('admin.client.noBudget') : `${limits.budget_used_percent}%`;
  return (
    <Card title={t('admin.client.limits')}>
      <p className="mb-4 text-sm">{t('admin.client.spent', { spent, percent })}</p>
      <form
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label={t('admin.clients.plan')}>
          <Select value={plan} onChange={(event) => setPlan(event.target.value)}>
            {(
              plans.data?.data.filter((option) => !option.retired_at || option.name === limits.plan) ?? [
                { name: limits.plan },
              ]
            ).map((option) => (
              <option key={option.name} value={option.name}>
                {option.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.client.budget')} hint={t('admin.client.overrideHint')}>
          <Input
            type="number"
            min={0}
            step="0.01"
            value={budget}
            onChange={(event) => setBudget(event.target.value)}
          />
        </Field>
        <Field label={t('admin.client.rpm')} hint={t('admin.client.overrideHint')}>
          <Input
            type="number"
            min={1}
            step={1}
            value={rpm}
            onChange={(event) => setRpm(event.target.value)}
          />
        </Field>
        <Field label={t('admin.client.concurrency')} hint={t('admin.client.overrideHint')}>
          <Input
            type="number"
            min={1}
            step={1}
            value={concurrency}
            onChange={(event) => setConcurrency(event.target.value)}
          />
        </Field>
        <FormError error={save.error} className="sm:col-span-2" />
        <div className="sm:col-span-2">
          <Button type="submit" busy={save.isPending}>
            {t('admin.client.saveLimits')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
