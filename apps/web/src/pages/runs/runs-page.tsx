import type { Run } from '@renum/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import {
  Badge,
  Button,
  type Column,
  EmptyState,
  ErrorState,
  Field,
  LoadingState,
  PageHeader,
  Select,
  Table,
} from '../../ui/index.ts';
import { runDurationMs, runStatusTone } from './run-format.ts';

const statuses = ['queued', 'running', 'completed', 'failed', 'stopped'] as const;

/** Every run of the client, newest first: status, agent, model, tokens, cost, duration, start. */
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
  const agentName = (id: string) =>
    agents.data?.data.find((agent) => agent.id === id)?.name ?? id.slice(0, 8);
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

  const columns: Array<Column<Run>> = [
    {
      key: 'status',
      header: t('runs.status'),
      cell: (run) => (
        <Link to="/runs/$runId" params={{ runId: run.id }} className="underline-offset-2 hover:underline">
          <Badge tone={runStatusTone(run.status)}>{t(`runs.state.${run.status}`)}</Badge>
          <span className="sr-only"> {t('runs.open')}</span>
        </Link>
      ),
    },
    {
      key: 'agent',
      header: t('runs.agent'),
      cell: (run) => (
        <span className="flex flex-wrap items-center gap-1">
          {agentName(run.agent_id)}
          {run.schedule ? (
            <Link to="/schedules" className="no-underline" title={t('runs.schedule')}>
              <Badge>{t('runs.scheduled', { name: run.schedule.name })}</Badge>
            </Link>
          ) : null}
        </span>
      ),
    },
    { key: 'model', header: t('runs.model'), cell: (run) => run.model, hideOnPhone: true },
    {
      key: 'tokens',
      header: t('runs.tokens'),
      cell: (run) => formatNumber(run.tokens_input + run.tokens_output),
      hideOnPhone: true,
    },
    {
      key: 'cost',
      header: t('runs.cost'),
      cell: (run) =>
        formatNumber(run.cost_usd, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }),
      hideOnPhone: true,
    },
    {
      key: 'duration',
      header: t('runs.duration'),
      cell: (run) => {
        const ms = runDurationMs(run);
        return ms === null
          ? '—'
          : t('runs.seconds', { value: formatNumber(ms / 1000, { maximumFractionDigits: 1 }) });
      },
    },
    {
      key: 'started',
      header: t('runs.started'),
      cell: (run) => formatDate(run.started_at ?? run.queued_at, { dateStyle: 'short', timeStyle: 'short' }),
      className: 'whitespace-nowrap',
    },
  ];

  const rows = runs.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <>
      <PageHeader title={t('nav.runs')} description={t('runs.description')} />
      <div className="mb-4 grid grid-cols-2 gap-3 lg:max-w-xl">
        <Field label={t('runs.filterStatus')}>
          <Select value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
            <option value="">{t('runs.any')}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {t(`runs.state.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('runs.filterAgent')}>
          <Select value={agentId} onChange={(event) => setAgentId(event.target.value)}>
            <option value="">{t('runs.any')}</option>
            {agents.data?.data.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </Select>
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
            onRowClick={(run) => void navigate({ to: '/runs/$runId', params: { runId: run.id } })}
          />
          {runs.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button
                variant="secondary"
                busy={runs.isFetchingNextPage}
                onClick={() => void runs.fetchNextPage()}
              >
                {t('runs.more')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
