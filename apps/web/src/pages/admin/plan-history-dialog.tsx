import type { Plan } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePlansT } from '../../i18n/plans-page.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { usePlanLimitText } from './plan-format.ts';

/** The plan's stored versions, newest first, in a dialog (read when opened). */
function Versions({ plan }: { plan: Plan }) {
  const { formatDate } = useI18n();
  const tp = usePlansT();
  const api = useApi();
  const limit = usePlanLimitText();
  const versions = useQuery({
    queryKey: ['admin', 'plans', plan.name, 'versions'],
    queryFn: ({ signal }) => api.admin.plans.versions(plan.name, { signal }),
  });
  return (
    <QueryState query={versions}>
      {(list) => (
        <Table
          caption={tp('plans.historyTitle', { name: plan.name })}
          rows={list.data}
          rowKey={(row) => String(row.version)}
          columns={[
            { key: 'version', header: tp('plans.version'), cell: (row) => row.version },
            { key: 'when', header: tp('plans.when'), cell: (row) => formatDate(row.created_at) },
            {
              key: 'budget',
              header: tp('plans.budget'),
              cell: (row) => limit.budget(row.monthly_budget_usd),
            },
            { key: 'rpm', header: tp('plans.rpm'), cell: (row) => limit.count(row.requests_per_minute) },
            {
              key: 'concurrency',
              header: tp('plans.concurrency'),
              cell: (row) => limit.count(row.max_concurrent_runs),
            },
            {
              key: 'status',
              header: tp('plans.status'),
              cell: (row) => (row.retired ? tp('plans.retired') : tp('plans.offered')),
            },
          ]}
        />
      )}
    </QueryState>
  );
}

/** Opens the plan's history. */
export function PlanHistoryDialog({ plan }: { plan: Plan }) {
  const tp = usePlansT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-label={`${tp('plans.history')}: ${plan.name}`}
        onClick={() => setOpen(true)}
      >
        {tp('plans.history')}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={tp('plans.historyTitle', { name: plan.name })}>
        {open ? <Versions plan={plan} /> : null}
      </Dialog>
    </>
  );
}
