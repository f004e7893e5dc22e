import type { UsageReport } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { ChartColumn } from 'lucide-react';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { usageChartRows } from './usage-rows.ts';

type Group = UsageReport['group_by'];
const groups: Group[] = ['day', 'agent', 'model', 'tool'];

function isoDay(date: Date) {
  return date.toISOString().slice(0, 10);
}

/**
 * One chart of usage grouped by day, agent, model or tool: tokens as bars (calls by tool: a tool spends no
 * tokens, so its bars would be empty), cost in the tooltip.
 */
function UsageChart({
  group,
  from,
  to,
  days,
}: {
  group: Group;
  from: string;
  to: string;
  days: { fromDay: string; toDay: string };
}) {
  const { t, formatNumber } = useI18n();
  const client = useApi();
  const report = useQuery({
    queryKey: ['usage', group, from, to],
    queryFn: ({ signal }) => client.usage.get({ group_by: group, from, to }, { signal }),
  });
  return (
    <Card title={t(`usage.by.${group}`)}>
      <QueryState query={report}>
        {(data) =>
          data.groups.length === 0 ? (
            <EmptyState icon={ChartColumn} title={t('usage.empty')} />
          ) : (
            <div className="h-64" role="img" aria-label={t(`usage.by.${group}`)}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart
                  data={usageChartRows(data, days, t('usage.none'))}
                  margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
                >
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
                  <XAxis dataKey="name" tick={{ fontSize: 11, fill: 'var(--color-text-muted)' }} />
                  <YAxis tick={{ fontSize: 11, fill: 'var(--color-text-muted)' }} width={56} />
                  <Tooltip
                    formatter={(value, name) =>
                      name === 'cost'
                        ? formatNumber(Number(value), {
                            style: 'currency',
                            currency: 'USD',
                            maximumFractionDigits: 4,
                          })
                        : formatNumber(Number(value))
                    }
                  />
                  <Bar
                    dataKey={group === 'tool' ? 'calls' : 'tokens'}
                    name={group === 'tool' ? t('usage.calls') : t('usage.tokens')}
                    fill="var(--color-primary)"
                    radius={[4, 4, 0, 0]}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )
        }
      </QueryState>
    </Card>
  );
}

/** Usage over a date range: totals, then charts by day, agent, model and tool. */
export function UsagePage() {
  const { t, formatNumber } = useI18n();
  const client = useApi();
  const now = new Date();
  const [fromDay, setFromDay] = useState(
    isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))),
  );
  const [toDay, setToDay] = useState(isoDay(now));
  const valid = fromDay !== '' && toDay !== '' && fromDay <= toDay;
  const from = valid ? new Date(`${fromDay}T00:00:00.000Z`).toISOString() : '';
  // The range is half-open: the end day is included by asking up to the next midnight.
  const to = valid ? new Date(new Date(`${toDay}T00:00:00.000Z`).getTime() + 86_400_000).toISOString() : '';
  const totals = useQuery({
    queryKey: ['usage', 'totals', from, to],
    queryFn: ({ signal }) => client.usage.get({ group_by: 'day', from, to }, { signal }),
    enabled: valid,
  });
  return (
    <>
      <PageHeader title={t('nav.usage')} description={t('usage.description')} />
      <div className="mb-4 grid gap-3 sm:grid-cols-2 md:max-w-lg">
        <Field label={t('usage.from')}>
          <Input type="date" value={fromDay} onChange={(event) => setFromDay(event.target.value)} />
        </Field>
        <Field label={t('usage.to')} error={valid ? undefined : t('usage.invalidRange')}>
          <Input type="date" value={toDay} onChange={(event) => setToDay(event.target.value)} />
        </Field>
      </div>
      {valid ? (
        <>
          <QueryState query={totals}>
            {(data) => (
              <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
                {[
                  [t('usage.calls'), formatNumber(data.totals.calls)],
                  [t('usage.tokensIn'), formatNumber(data.totals.tokens_input)],
                  [t('usage.tokensOut'), formatNumber(data.totals.tokens_output)],
                  [
                    t('usage.cost'),
                    formatNumber(data.totals.cost_usd, {
                      style: 'currency',
                      currency: 'USD',
                      maximumFractionDigits: 4,
                    }),
                  ],
                ].map(([label, value]) => (
                  <div key={label} className="rounded-lg border border-border bg-surface-raised p-4">
                    <dt className="text-xs text-text-muted">{label}</dt>
                    <dd className="mt-1 text-xl font-semibold">{value}</dd>
                  </div>
                ))}
              </dl>
            )}
          </QueryState>
          <div className="grid gap-4 lg:grid-cols-2">
            {groups.map((group) => (
              <UsageChart key={group} group={group} from={from} to={to} days={{ fromDay, toDay }} />
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
