import type { AdminMonitoring } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Table } from '../../ui/table.tsx';
import { latencyColumns } from './latency-columns.ts';

type Health = AdminMonitoring['whatsapp']['status'];
const healthTone = { idle: 'neutral', ok: 'success', degraded: 'warning', failing: 'danger' } as const;

function HealthBadge({ status }: { status: Health }) {
  const { t } = useI18n();
  return <Badge tone={healthTone[status]}>{t(`admin.monitoring.health.${status}`)}</Badge>;
}

/** Each model provider's health from its runs and calls over the window, with call latency percentiles. */
export function ProviderHealthCard({ data }: { data: AdminMonitoring }) {
  const { t, formatNumber } = useI18n();
  const percent = (value: number | null) =>
    value === null ? '–' : formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <Card title={t('admin.monitoring.providers')}>
      {data.model_providers.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.monitoring.none')}</p>
      ) : (
        <Table
          caption={t('admin.monitoring.providers')}
          rows={data.model_providers}
          rowKey={(row) => row.provider}
          columns={[
            { key: 'provider', header: t('admin.monitoring.provider'), cell: (row) => row.provider },
            {
              key: 'status',
              header: t('admin.monitoring.status'),
              cell: (row) => <HealthBadge status={row.status} />,
            },
            { key: 'runs', header: t('admin.monitoring.runs'), cell: (row) => row.runs, shownFrom: 'lg' },
            { key: 'rate', header: t('admin.monitoring.errorRate'), cell: (row) => percent(row.error_rate) },
            {
              key: 'last',
              header: t('admin.monitoring.lastError'),
              cell: (row) => row.last_error_code ?? '–',
              shownFrom: 'lg',
            },
            ...latencyColumns<AdminMonitoring['model_providers'][number]>(t),
          ]}
        />
      )}
    </Card>
  );
}

/** WhatsApp sends over the window: received, sent, delivered, failed and the resulting health. */
export function WhatsAppHealthCard({ data }: { data: AdminMonitoring }) {
  const { t, formatNumber } = useI18n();
  const { whatsapp } = data;
  const figures: Array<[string, string]> = [
    [t('admin.monitoring.received'), formatNumber(whatsapp.received)],
    [t('admin.monitoring.sent'), formatNumber(whatsapp.sent)],
    [t('admin.monitoring.delivered'), formatNumber(whatsapp.delivered)],
    [t('admin.monitoring.failed'), formatNumber(whatsapp.failed)],
  ];
  return (
    <Card title={t('admin.monitoring.whatsapp')}>
      <p className="mb-2">
        <HealthBadge status={whatsapp.status} />
      </p>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="whatsapp-health">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-text-muted">{label}</dt>
            <dd className="font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
