import type { ClientLimits, Notification } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { LayoutDashboard } from 'lucide-react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { planLabel } from '../../lib/plan-label.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { notificationTitleKey } from '../notifications/notification-text.ts';
import { FirstRunChecklist } from './first-run-checklist.tsx';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface-raised p-4">
      <dt className="text-xs text-text-muted">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold">{value}</dd>
    </div>
  );
}

/** The first screen: agents by status, today's activity, this month's usage and budget, recent errors. */
export function DashboardPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const { me } = useAuth();
  const client = useApi();
  const dashboard = useQuery({
    queryKey: ['dashboard'],
    queryFn: ({ signal }) => client.dashboard.get({ signal }),
  });
  const limits = useQuery({
    queryKey: ['limits'],
    queryFn: ({ signal }) =>
      client.transport.json<ClientLimits>({ method: 'GET', path: '/v1/limits', signal }),
  });
  const notifications = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) =>
      client.transport.json<{ data: Notification[] }>({
        method: 'GET',
        path: '/v1/notifications',
        query: { unread: 'true', limit: 5 },
        signal,
      }),
  });
  const usd = (value: number) =>
    formatNumber(value, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
  return (
    <>
      <PageHeader
        title={t('nav.dashboard')}
        description={t('dashboard.welcome', { name: me?.user?.name ?? '' })}
      />
      <FirstRunChecklist />
      <QueryState query={dashboard}>
        {(data) => (
          <div className="flex flex-col gap-4">
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
              <Figure
                label={t('dashboard.activeAgents')}
                value={formatNumber(data.agents_by_status.active)}
              />
              <Figure
                label={t('dashboard.conversationsToday')}
                value={formatNumber(data.conversations_today)}
              />
              <Figure label={t('dashboard.runsToday')} value={formatNumber(data.runs_today)} />
              <Figure label={t('dashboard.tokensMonth')} value={formatNumber(data.month.total_tokens)} />
            </dl>
            <div className="grid gap-4 lg:grid-cols-2">
              <Card title={t('dashboard.agentsByStatus')}>
                <ul className="flex flex-wrap gap-3">
                  {(['active', 'draft', 'inactive'] as const).map((status) => (
                    <li key={status} className="flex items-center gap-2">
                      <Badge
                        tone={status === 'active' ? 'success' : status === 'draft' ? 'neutral' : 'warning'}
                      >
                        {t(`agents.status.${status}`)}
                      </Badge>
                      <span className="font-semibold">{formatNumber(data.agents_by_status[status])}</span>
                    </li>
                  ))}
                </ul>
                <Link to="/agents" className="mt-3 inline-block text-sm text-primary hover:underline">
                  {t('dashboard.manageAgents')}
                </Link>
              </Card>
              <Card title={t('dashboard.budget')}>
                <p className="text-sm">
                  {t('dashboard.costMonth')}: <strong>{usd(data.month.cost_usd)}</strong>
                </p>
                <QueryState query={limits}>
                  {(limit) => (
                    <div className="mt-2 text-sm">
                      <p>
                        {t('dashboard.plan', { plan: planLabel(t, limit.plan) })} ·{' '}
                        {limit.monthly_budget_usd === null
                          ? t('dashboard.noBudget')
                          : t('dashboard.budgetOf', {
                              spent: usd(limit.spent_usd),
                              budget: usd(limit.monthly_budget_usd),
                            })}
                      </p>
                      {limit.budget_used_percent !== null ? (
                        <div
                          className="mt-2 h-2 overflow-hidden rounded-full bg-surface-muted"
                          role="progressbar"
                          aria-label={t('dashboard.budget')}
                          aria-valuenow={Math.round(limit.budget_used_percent)}
                          aria-valuemin={0}
                          aria-valuemax={100}
                        >
                          <div
                            className={
                              limit.budget_status === 'ok' ? 'h-full bg-primary' : 'h-full bg-danger'
                            }
                            style={{ width: `${Math.min(100, limit.budget_used_percent)}%` }}
                          />
                        </div>
                      ) : null}
                      <p className="mt-2 text-text-muted">
                        {t('dashboard.limits', {
                          rpm: limit.requests_per_minute ?? '∞',
                          runs: limit.max_concurrent_runs ?? '∞',
                        })}
                      </p>
                    </div>
                  )}
                </QueryState>
              </Card>
              <Card title={t('dashboard.recentErrors')}>
                {data.recent_errors.length === 0 ? (
                  <EmptyState icon={LayoutDashboard} title={t('dashboard.noErrors')} />
                ) : (
                  <ul className="flex flex-col divide-y divide-border text-sm">
                    {data.recent_errors.map((error) => (
                      <li key={error.run_id} className="py-2">
                        <p className="font-medium">
                          <Badge tone="danger">{error.error_code ?? 'ERROR'}</Badge> {error.agent_name ?? ''}
                        </p>
                        <p className="text-text-muted">{error.error_message}</p>
                        <p className="text-xs text-text-muted">{formatDate(error.created_at)}</p>
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
              <Card title={t('dashboard.notifications')}>
                <QueryState query={notifications}>
                  {(list) =>
                    list.data.length === 0 ? (
                      <EmptyState icon={LayoutDashboard} title={t('dashboard.noNotifications')} />
                    ) : (
                      <ul className="flex flex-col divide-y divide-border text-sm">
                        {list.data.map((notification) => (
                          <li key={notification.id} className="py-2">
                            <p className="font-medium">
                              {t(notificationTitleKey(notification) ?? 'notifications.kind.other', {
                                kind: notification.kind,
                              })}
                            </p>
                            <p className="text-xs text-text-muted">{formatDate(notification.created_at)}</p>
                          </li>
                        ))}
                      </ul>
                    )
                  }
                </QueryState>
              </Card>
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}
