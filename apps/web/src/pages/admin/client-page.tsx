import type { AdminClientDetail } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { ClientLimitsForm } from './client-limits-form.tsx';
import { ClientStatusAction } from './client-status-action.tsx';
import { PromptLoggingCard } from './prompt-logging-card.tsx';
import { ViewAsAction } from './view-as-action.tsx';

const tick = { fontSize: 11, fill: 'var(--color-text-muted)' };

/** Spend (bars) and runs and errors (lines) per day over the last 30 days. */
function UsageChart({ days }: { days: AdminClientDetail['usage_daily'] }) {
  const { t } = useI18n();
  return (
    <Card title={t('admin.client.usage')}>
      <div className="h-64" role="img" aria-label={t('admin.client.usage')}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={days.map((day) => ({ ...day, day: day.day.slice(5) }))}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" />
            <XAxis dataKey="day" tick={tick} />
            <YAxis yAxisId="cost" tick={tick} width={56} />
            <YAxis yAxisId="runs" orientation="right" tick={tick} width={40} allowDecimals={false} />
            <Tooltip />
            <Bar
              yAxisId="cost"
              dataKey="cost_usd"
              name={t('admin.client.cost')}
              fill="var(--color-primary)"
            />
            <Line
              yAxisId="runs"
              dataKey="runs"
              name={t('admin.client.runs')}
              stroke="var(--color-success)"
              dot={false}
            />
            <Line
              yAxisId="runs"
              dataKey="errors"
              name={t('admin.client.errors')}
              stroke="var(--color-danger)"
              dot={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function PeopleAndAgents({ detail }: { detail: AdminClientDetail }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={t('admin.client.members')}>
        <Table
          caption={t('admin.client.members')}
          rows={detail.members}
          rowKey={(row) => row.user_id}
          columns={[
            { key: 'name', header: t('admin.users.person'), cell: (row) => `${row.name} <${row.email}>` },
            { key: 'role', header: t('teams.role'), cell: (row) => t(`role.${row.role}`) },
          ]}
        />
      </Card>
      <Card title={t('admin.client.agents')}>
        {detail.agents.length === 0 ? (
          <EmptyState />
        ) : (
          <Table
            caption={t('admin.client.agents')}
            rows={detail.agents}
            rowKey={(row) => row.id}
            columns={[
              { key: 'name', header: t('admin.client.agents'), cell: (row) => row.name },
              {
                key: 'model',
                header: t('admin.monitoring.model'),
                cell: (row) => row.model,
                shownFrom: 'lg',
              },
              {
                key: 'created',
                header: t('admin.audit.when'),
                cell: (row) => formatDate(row.created_at),
                shownFrom: 'lg',
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}

function Notifications({ detail }: { detail: AdminClientDetail }) {
  const { t, formatDate } = useI18n();
  return (
    <Card title={t('admin.client.notifications')}>
      {detail.notifications.length === 0 ? (
        <p className="text-sm text-text-muted">{t('admin.client.noNotifications')}</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {detail.notifications.map((note) => (
            <li key={note.id} className="flex flex-wrap gap-2">
              <span className="text-text-muted">{formatDate(note.created_at)}</span>
              <span className="font-medium">{note.kind}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** One client: status and actions, plan and limits, people, agents, 30 days of usage, notifications. */
export function AdminClientPage() {
  const { t } = useI18n();
  const api = useApi();
  const { clientId } = useParams({ from: '/admin/clients/$clientId' });
  const detail = useQuery({
    queryKey: ['admin', 'client', clientId],
    queryFn: ({ signal }) => api.admin.clients.get(clientId, { signal }),
  });
  return (
    <QueryState query={detail}>
      {(data) => (
        <>
          <PageHeader
            title={data.client.name}
            description={`${data.client.slug} · ${data.client.plan}`}
            actions={
              <>
                <Badge tone={data.client.status === 'active' ? 'success' : 'danger'}>
                  {t(`admin.status.${data.client.status}`)}
                </Badge>
                <ViewAsAction client={data.client} />
                <ClientStatusAction client={data.client} />
              </>
            }
          />
          <div className="flex flex-col gap-4">
            <ClientLimitsForm
              key={data.limits.plan + data.client.updated_at}
              clientId={clientId}
              limits={data.limits}
            />
            <PromptLoggingCard client={data.client} />
            <UsageChart days={data.usage_daily} />
            <PeopleAndAgents detail={data} />
            <Notifications detail={data} />
            <Link
              to="/admin/audit"
              search={{ client_id: clientId }}
              className="text-sm text-primary underline"
            >
              {t('admin.client.audit')}
            </Link>
          </div>
        </>
      )}
    </QueryState>
  );
}
