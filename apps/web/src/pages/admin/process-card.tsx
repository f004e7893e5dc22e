import type { AdminMonitoring } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Card } from '../../ui/card.tsx';
import { BreakerOpens, RouteTable } from './monitoring-parts.tsx';

/**
 * This server process's figures: WebSocket connections now, HTTP by route over the page's window (from
 * when, said above the table), breakers opened since it started.
 */
export function ProcessCard({ process }: { process: AdminMonitoring['process'] }) {
  const { t, formatDate } = useI18n();
  if (!process)
    return (
      <Card title={t('admin.monitoring.process')}>
        <p className="text-sm text-text-muted">{t('admin.monitoring.metricsOff')}</p>
      </Card>
    );
  return (
    <Card title={t('admin.monitoring.process')}>
      <p className="mb-3 text-sm">
        {t('admin.monitoring.ws')}:{' '}
        <strong data-testid="ws-connections">{process.websocket_connections}</strong>
      </p>
      <h3 className="mb-2 text-sm font-semibold">{t('admin.monitoring.breakers')}</h3>
      <BreakerOpens breakers={process.breaker_opens} className="mb-3" />
      <p className="mb-2 text-sm text-text-muted" data-testid="routes-since">
        {t('admin.monitoring.routesSince', { time: formatDate(process.http_since) })}
      </p>
      <RouteTable caption={t('admin.monitoring.routes')} rows={process.http_by_route} />
    </Card>
  );
}
