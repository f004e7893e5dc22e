import type { RunSummary } from '@renum/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type MouseEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import {
  EmptyState,
  ErrorState,
  Field,
  LoadingState,
  MoreButton,
  PageHeader,
  Table,
} from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { runColumns } from './run-columns.tsx';

const statuses = ['queued', 'running', 'completed', 'failed', 'stopped', 'suspended'] as const;

/**
 * Every run of the client, newest first: when, which agent and sub-agent, the message's first words,
 * status, duration, tokens and cost. The whole row opens the run; its first cell is the real link.
 */
export function RunsPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const client = useApi();
  const navigate = useNavigate();
  const [status, setStatus] = useState<(typeof statuses)[number] | ''>('');
  const [agentId, setAgentId] = useState('');

  const agents = useQuery({
    queryKey: ['agents', 'playground'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const runs = useInfiniteQuery({
    queryKey: ['runs', { status, agentId }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.runs.list(
        {
          limit: 25,
          ...(status ? { status } : {}),
          ...(agentId ? { agent_id: agentId } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        { signal },
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const columns = runColumns({ t, formatNumber, formatDate });

  const openRun = (run: RunSummary, event: MouseEvent) => {
    // A click anywhere on the row opens the run; Ctrl/⌘-click opens it in a new tab like a link would.
    if (event.ctrlKey || event.metaKey) window.open(`/runs/${run.id}`, '_blank', 'noopener');
    else void navigate({ to: '/runs/$runId', params: { runId: run.id } });
  };
  const rows = runs.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <>
      <PageHeader title={t('nav.runs')} description={t('runs.description')} />
      <div className="mb-4 grid grid-cols-2 gap-3 lg:max-w-xl">
        <Field label={t('runs.filterStatus')}>
          <SelectMenu value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
            <option value="">{t('runs.any')}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {t(`runs.state.${value}`)}
              </option>
            ))}
          </SelectMenu>
        </Field>
        <Field label={t('runs.filterAgent')}>
          <SelectMenu value={agentId} onChange={(event) => setAgentId(event.target.value)}>
            <option value="">{t('runs.any')}</option>
            {agents.data?.data.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </SelectMenu>
        </Field>
      </div>
      {runs.isPending ? (
        <LoadingState />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('runs.empty')} description={t('runs.emptyHint')} />
      ) : (
        <>
          <Table
            caption={t('nav.runs')}
            columns={columns}
            rows={rows}
            rowKey={(run) => run.id}
            onRowClick={openRun}
          />
          <MoreButton query={runs} label={t('runs.more')} />
        </>
      )}
    </>
  );
}
