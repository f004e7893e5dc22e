import type { AdminMonitoring } from '@renum/contracts';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Card } from '../../ui/card.tsx';
import { Table } from '../../ui/table.tsx';
import { latencyColumns } from './latency-columns.ts';

const tick = { fontSize: 11, fill: 'var(--color-text-muted)' };
type Http = AdminMonitoring['http'];

function HttpFigures({ http }: { http: Http }) {
  const { t, formatNumber } = useI18n();
  const figures: Array<[string, string]> = [
    [t('admin.monitoring.processes'), formatNumber(http.processes)],
    [t('admin.monitoring.ws'), formatNumber(http.websocket_connections)],
    [t('admin.monitoring.requests'), formatNumber(http.requests)],
    [t('admin.monitoring.serverErrors'), formatNumber(http.errors)],
    [
      t('admin.monitoring.errorRate'),
      http.error_rate === null
        ? '–'
        : formatNumber(http.error_rate, { style: 'percent', maximumFractionDigits: 1 }),
    ],
  ];
  return (
    <dl className="mb-3 grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="http-figures">
      {figures.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-border p-3">
          <dt className="text-xs text-text-muted">{label}</dt>
          <dd className="text-xl font-semibold">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function HttpSeries({ http, window }: { http: Http; window: AdminMonitoring['window'] }) {
  const { t, formatDate } = useI18n();
  const points = http.series.map((point) => ({
    ...point,
    label: formatDate(point.at, window === 'hour' ? { timeStyle: 'short' } : { hour: '2-digit' }),
  }));
  return (
    <div className="mb-3 h-48" role="img" aria-label={t('admin.monitoring.httpSeries')}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
          <XAxis dataKey="label" tick={tick} minTickGap={24} />
          <YAxis tick={tick} width={40} allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Line
            dataKey="requests"
            name={t('admin.monitoring.requests')}
            stroke="var(--color-primary)"
            dot={false}
          />
          <Line
            dataKey="errors"
            name={t('admin.monitoring.serverErrors')}
            stroke="var(--color-danger)"
            dot={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * HTTP across every server process over the page's window (ADR 0062): the processes reporting and their
 * WebSocket connections now, requests and 5xx over time, the busiest routes with percentiles of the
 * processes' merged histograms, and breaker openings.
 */
export function PlatformHttpCard({ data }: { data: AdminMonitoring }) {
  const { t } = useI18n();
  const http = data.http;
  return (
    <Card title={t('admin.monitoring.platformHttp')}>
      <p className="mb-3 text-sm text-text-muted">{t('admin.monitoring.platformHttpHelp')}</p>
      <HttpFigures http={http} />
      <HttpSeries http={http} window={data.window} />
      {http.by_route.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.monitoring.noTraffic')}</p>
      ) : (
        <Table
          caption={t('admin.monitoring.platformRoutes')}
          rows={http.by_route}
          rowKey={(row) => row.route}
          columns={[
            {
              key: 'route',
              header: t('admin.monitoring.route'),
              cell: (row) => <code className="break-all text-xs">{row.route}</code>,
            },
            { key: 'requests', header: t('admin.monitoring.requests'), cell: (row) => row.requests },
            { key: 'errors', header: t('admin.monitoring.serverErrors'), cell: (row) => row.errors },
            ...latencyColumns<Http['by_route'][number]>(t, false),
          ]}
        />
      )}
      <h3 className="mt-3 mb-2 text-sm font-semibold">{t('admin.monitoring.platformBreakers')}</h3>
      {http.breaker_opens.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.monitoring.noBreakers')}</p>
      ) : (
        <ul className="text-sm">
          {http.breaker_opens.map((breaker) => (
            <li key={breaker.tool}>
              {breaker.tool}: {breaker.count}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
