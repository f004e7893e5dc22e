import type { GlobalAgent } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { GlobalAgentDialog } from './global-agent-dialog.tsx';

/** Retires a global agent (no longer offered) or offers it again. */
function RetireButton({ agent }: { agent: GlobalAgent }) {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const retiring = agent.retired_at === null;
  const change = useMutation({
    mutationFn: () => api.admin.globalAgents.update(agent.id, { retired: retiring }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'global-agents'] });
      toast({ title: tp('globalAgents.saved'), tone: 'success' });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <Button
      size="sm"
      variant={retiring ? 'danger' : 'secondary'}
      busy={change.isPending}
      onClick={() => change.mutate()}
      aria-label={`${retiring ? tp('globalAgents.retire') : tp('globalAgents.offerAgain')}: ${agent.name}`}
    >
      {retiring ? tp('globalAgents.retire') : tp('globalAgents.offerAgain')}
    </Button>
  );
}

/** The agents offered to every client: create, edit, retire and offer again (seed 000 "agentes globais"). */
export function AdminGlobalAgentsPage() {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const [showRetired, setShowRetired] = useState(false);
  const list = useQuery({
    queryKey: ['admin', 'global-agents', showRetired],
    queryFn: ({ signal }) =>
      api.admin.globalAgents.list(
        { limit: 100, include_retired: showRetired ? 'true' : 'false' },
        { signal },
      ),
  });
  return (
    <>
      <PageHeader
        title={t('globalAgents.nav')}
        description={tp('globalAgents.adminDescription')}
        actions={<GlobalAgentDialog agent={null} />}
      />
      <label className="mb-4 flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={showRetired}
          onChange={(event) => setShowRetired(event.target.checked)}
        />
        {tp('globalAgents.showRetired')}
      </label>
      <QueryState query={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={tp('globalAgents.empty')} />
          ) : (
            <Table
              caption={tp('globalAgents.caption')}
              rows={page.data}
              rowKey={(row) => row.id}
              columns={[
                { key: 'name', header: tp('globalAgents.name'), cell: (row) => row.name },
                {
                  key: 'category',
                  header: tp('globalAgents.category'),
                  cell: (row) => row.category ?? '—',
                  shownFrom: 'lg',
                },
                {
                  key: 'model',
                  header: tp('globalAgents.model'),
                  cell: (row) => row.model,
                  shownFrom: 'lg',
                },
                {
                  key: 'status',
                  header: tp('globalAgents.status'),
                  cell: (row) => (
                    <Badge tone={row.retired_at ? 'neutral' : 'success'}>
                      {row.retired_at ? tp('globalAgents.retired') : tp('globalAgents.offered')}
                    </Badge>
                  ),
                },
                {
                  key: 'actions',
                  header: '',
                  cell: (row) => (
                    <div className="flex flex-wrap gap-2">
                      <GlobalAgentDialog agent={row} />
                      <RetireButton agent={row} />
                    </div>
                  ),
                },
              ]}
            />
          )
        }
      </QueryState>
    </>
  );
}
