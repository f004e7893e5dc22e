import type { AdminMonitoring } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Card } from '../../ui/card.tsx';
import { BreakerOpens, FigureGrid, RouteTable, WindowSeriesChart } from './monitoring-parts.tsx';

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
  return <FigureGrid figures={figures} className="mb-3 md:grid-cols-5" testId="http-figures" />;
}

function HttpSeries({ http, window }: { http: Http; window: AdminMonitoring['window'] }) {
  const { t } = useI18n();
  return (
    <WindowSeriesChart
      series={http.series}
      window={window}
      label={t('admin.monitoring.httpSeries')}
      className="mb-3 h-48"
      lines={[
        { key: 'requests', name: t('admin.monitoring.requests'), color: 'var(--color-primary)' },
        { key: 'errors', name: t('admin.monitoring.serverErrors'), color: 'var(--color-danger)' },
      ]}
    />
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
        <RouteTable caption={t('admin.monitoring.platformRoutes')} rows={http.by_route} />
      )}
      <h3 className="mt-3 mb-2 text-sm font-semibold">{t('admin.monitoring.platformBreakers')}</h3>
      <BreakerOpens breakers={http.breaker_opens} />
    </Card>
  );
}
