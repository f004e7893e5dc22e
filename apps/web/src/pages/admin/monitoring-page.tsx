import type { AdminMonitoring } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Select } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { dependencyLabel, formatMs, formatUsd } from './admin-format.ts';
import { latencyColumns } from './latency-columns.ts';
import { FigureGrid, WindowSeriesChart } from './monitoring-parts.tsx';
import { PlatformHttpCard } from './platform-http-card.tsx';
import { ProcessCard } from './process-card.tsx';
import { ProviderHealthCard, WhatsAppHealthCard } from './provider-health-card.tsx';

const depTone = { ok: 'success', unavailable: 'danger', not_configured: 'neutral' } as const;

function Dependencies({ data }: { data: AdminMonitoring }) {
  const { t } = useI18n();
  return (
    <Card title={t('admin.monitoring.dependencies')}>
      <ul className="grid gap-2 sm:grid-cols-3" data-testid="dependencies">
        {data.dependencies.map((dep) => (
          <li key={dep.name} className="flex flex-col gap-1 rounded-md border border-border p-3">
            <span className="font-medium">{dependencyLabel(t, dep.name)}</span>
            <span>
              <Badge tone={depTone[dep.status]}>{t(`admin.monitoring.dep.${dep.status}`)}</Badge>{' '}
              {dep.latency_ms !== null ? (
                <span className="text-xs text-text-muted">{formatMs(dep.latency_ms)}</span>
              ) : null}
            </span>
            {dep.error ? <span className="text-xs text-danger">{dep.error}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function RunFigures({ data }: { data: AdminMonitoring }) {
  const { t, formatNumber } = useI18n();
  const figures: Array<[string, string]> = [
    [t('admin.monitoring.runs'), formatNumber(data.runs.total)],
    [t('admin.monitoring.failed'), formatNumber(data.runs.failed)],
    [
      t('admin.monitoring.errorRate'),
      data.runs.error_rate === null
        ? '–'
        : formatNumber(data.runs.error_rate, { style: 'percent', maximumFractionDigits: 1 }),
    ],
    [t('admin.monitoring.inProgress'), formatNumber(data.runs.in_progress)],
    [t('admin.monitoring.p50'), formatMs(data.runs.p50_ms)],
    [t('admin.monitoring.p95'), formatMs(data.runs.p95_ms)],
    [t('admin.monitoring.p99'), formatMs(data.runs.p99_ms)],
  ];
  return <FigureGrid figures={figures} className="md:grid-cols-4 xl:grid-cols-7" testId="run-figures" />;
}

function RunSeries({ data }: { data: AdminMonitoring }) {
  const { t } = useI18n();
  return (
    <Card title={t('admin.monitoring.series')}>
      <WindowSeriesChart
        series={data.runs_series}
        window={data.window}
        label={t('admin.monitoring.series')}
        className="h-56"
        lines={[
          { key: 'completed', name: t('admin.monitoring.completed'), color: 'var(--color-success)' },
          { key: 'failed', name: t('admin.monitoring.failed'), color: 'var(--color-danger)' },
        ]}
      />
    </Card>
  );
}

function ModelsAndQueues({ data }: { data: AdminMonitoring }) {
  const { t } = useI18n();
  // One above the other: beside the queues, the models' six columns (and a long model name) need more than
  // half of the space the console's menu leaves even at 1280 px, and hid the latencies behind a scroll.
  return (
    <div className="grid gap-4">
      <Card title={t('admin.monitoring.byModel')}>
        <Table
          caption={t('admin.monitoring.byModel')}
          rows={data.by_model}
          rowKey={(row) => row.model}
          columns={[
            { key: 'model', header: t('admin.monitoring.model'), cell: (row) => row.model },
            { key: 'runs', header: t('admin.monitoring.runs'), cell: (row) => row.runs },
            { key: 'failed', header: t('admin.monitoring.failed'), cell: (row) => row.failed },
            ...latencyColumns<AdminMonitoring['by_model'][number]>(t),
          ]}
        />
      </Card>
      <Card title={t('admin.monitoring.queues')}>
        {data.queues.length === 0 ? (
          <p className="text-sm text-text-muted">{t('admin.monitoring.noQueues')}</p>
        ) : (
          <Table
            caption={t('admin.monitoring.queues')}
            rows={data.queues}
            rowKey={(row) => row.queue}
            columns={[
              { key: 'queue', header: t('admin.monitoring.queue'), cell: (row) => row.queue },
              { key: 'queued', header: t('admin.monitoring.queued'), cell: (row) => row.queued },
              { key: 'running', header: t('admin.monitoring.running'), cell: (row) => row.running },
              { key: 'dead', header: t('admin.monitoring.dead'), cell: (row) => row.dead, shownFrom: 'lg' },
              {
                key: 'oldest',
                header: t('admin.monitoring.oldest'),
                cell: (row) => row.oldest_due_age_seconds,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

function TopClients({ data }: { data: AdminMonitoring }) {
  const { t, formatNumber } = useI18n();
  const list = (title: string, rows: Array<{ client_id: string; name: string; value: string }>) => (
    <Card title={title}>
      {rows.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.monitoring.none')}</p>
      ) : (
        <ol className="flex flex-col gap-1 text-sm">
          {rows.map((row) => (
            <li key={row.client_id} className="flex justify-between gap-2">
              <Link
                to="/admin/clients/$clientId"
                params={{ clientId: row.client_id }}
                className="text-primary underline"
              >
                {row.name}
              </Link>
              <span>{row.value}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {list(
        t('admin.monitoring.topCost'),
        data.top_clients_by_cost.map((row) => ({ ...row, value: formatUsd(formatNumber, row.cost_usd) })),
      )}
      {list(
        t('admin.monitoring.topErrors'),
        data.top_clients_by_errors.map((row) => ({ ...row, value: formatNumber(row.errors) })),
      )}
    </div>
  );
}

/**
 * The platform's health: dependencies, runs, models, queues, top clients, HTTP across every process and
 * this process; every 15 s.
 */
export function AdminMonitoringPage() {
  const { t } = useI18n();
  const api = useApi();
  const [window, setWindow] = useState<'hour' | 'day'>('hour');
  const monitoring = useQuery({
    queryKey: ['admin', 'monitoring', window],
    queryFn: ({ signal }) => api.admin.monitoring(window, { signal }),
    refetchInterval: 15_000,
  });
  return (
    <>
      <PageHeader title={t('admin.nav.monitoring')} description={t('admin.monitoring.description')} />
      <div className="mb-4 md:max-w-xs">
        <Field label={t('admin.monitoring.window')}>
          <Select value={window} onChange={(event) => setWindow(event.target.value as 'hour' | 'day')}>
            <option value="hour">{t('admin.monitoring.hour')}</option>
            <option value="day">{t('admin.monitoring.day')}</option>
          </Select>
        </Field>
      </div>
      <QueryState query={monitoring}>
        {(data) => (
          <div className="flex flex-col gap-4">
            <Dependencies data={data} />
            <ProviderHealthCard data={data} />
            <WhatsAppHealthCard data={data} />
            <RunFigures data={data} />
            <RunSeries data={data} />
            <ModelsAndQueues data={data} />
            <TopClients data={data} />
            <PlatformHttpCard data={data} />
            <ProcessCard process={data.process} />
          </div>
        )}
      </QueryState>
    </>
  );
}
