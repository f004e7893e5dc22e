import type { Plan } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePlansT } from '../../i18n/plans-page.ts';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { type Column, Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { PlanDialog } from './plan-dialog.tsx';
import { usePlanLimitText } from './plan-format.ts';
import { PlanHistoryDialog } from './plan-history-dialog.tsx';

/** Retires the plan (after a confirmation) or offers a retired one again. */
function RetireButton({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  const tp = usePlansT();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const retiring = plan.retired_at === null;
  const change = useMutation({
    mutationFn: () =>
      retiring
        ? api.admin.plans.retire(plan.name, { base_version: plan.version })
        : api.admin.plans.reinstate(plan.name, { base_version: plan.version }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      toast({
        title: tp(retiring ? 'plans.retiredToast' : 'plans.reinstatedToast', { name: plan.name }),
        tone: 'success',
      });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
    onSettled: () => setConfirming(false),
  });
  const label = retiring ? tp('plans.retire') : tp('plans.reinstate');
  return (
    <>
      <Button
        size="sm"
        variant={retiring ? 'danger' : 'secondary'}
        busy={!retiring && change.isPending}
        onClick={() => (retiring ? setConfirming(true) : change.mutate())}
        aria-label={`${label}: ${plan.name}`}
      >
        {label}
      </Button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={tp('plans.retireTitle', { name: plan.name })}
        description={tp('plans.retireDescription')}
        confirmLabel={tp('plans.retire')}
        busy={change.isPending}
        onConfirm={() => change.mutate()}
      />
    </>
  );
}

function usePlanColumns(): Array<Column<Plan>> {
  const { formatNumber } = useI18n();
  const tp = usePlansT();
  const limit = usePlanLimitText();
  return [
    {
      key: 'name',
      header: tp('plans.name'),
      cell: (row) => (
        <div>
          <div className="font-medium">{row.name}</div>
          <div className="text-xs text-text-muted">{row.description}</div>
          {/* Where the status column is hidden (below 1024 px), the status goes under the name. */}
          <div className="mt-1 lg:hidden">
            <PlanStatus plan={row} />
          </div>
        </div>
      ),
    },
    { key: 'budget', header: tp('plans.budget'), cell: (row) => limit.budget(row.monthly_budget_usd) },
    {
      key: 'rpm',
      header: tp('plans.rpm'),
      cell: (row) => limit.count(row.requests_per_minute),
      shownFrom: 'lg',
    },
    {
      key: 'concurrency',
      header: tp('plans.concurrency'),
      cell: (row) => limit.count(row.max_concurrent_runs),
      shownFrom: 'xl',
    },
    // The rest of a plan's figures from 1280 px, so that its actions stay in the card beside the menu.
    {
      key: 'clients',
      header: tp('plans.clients'),
      cell: (row) => formatNumber(row.clients),
      shownFrom: 'xl',
    },
    {
      key: 'version',
      header: tp('plans.version'),
      cell: (row) => row.version,
      shownFrom: 'xl',
    },
    {
      key: 'status',
      header: tp('plans.status'),
      cell: (row) => <PlanStatus plan={row} />,
      shownFrom: 'lg',
    },
    {
      key: 'actions',
      header: '',
      cell: (row) => (
        <div className="flex flex-wrap gap-2">
          <PlanDialog key={`${row.name}-${row.version}`} plan={row} />
          <PlanHistoryDialog plan={row} />
          <RetireButton plan={row} />
        </div>
      ),
    },
  ];
}

/** Whether a plan is offered to new clients or retired. */
function PlanStatus({ plan }: { plan: { retired_at: string | null } }) {
  const tp = usePlansT();
  return (
    <Badge tone={plan.retired_at ? 'neutral' : 'success'}>
      {plan.retired_at ? tp('plans.retired') : tp('plans.offered')}
    </Badge>
  );
}

/** The plans editor (ADR 0055): each plan's budget and limits, edited as versions; retire and reinstate. */
export function AdminPlansPage() {
  const { t } = useI18n();
  const tp = usePlansT();
  const api = useApi();
  const columns = usePlanColumns();
  const list = useQuery({
    queryKey: ['admin', 'plans'],
    queryFn: ({ signal }) => api.admin.plans.list({ signal }),
  });
  return (
    <>
      <PageHeader
        title={t('admin.nav.plans')}
        description={tp('plans.description')}
        actions={<PlanDialog plan={null} />}
      />
      <QueryState query={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={tp('plans.empty')} />
          ) : (
            <Table
              caption={tp('plans.caption')}
              rows={page.data}
              rowKey={(row) => row.name}
              columns={columns}
            />
          )
        }
      </QueryState>
    </>
  );
}
