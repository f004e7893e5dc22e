import type { AdminClientSummary } from '@renum/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { MoreButton } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Select } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { type Column, Table } from '../../ui/table.tsx';
import { formatUsd } from './admin-format.ts';
import { CreateClientDialog } from './create-client-dialog.tsx';

type Status = '' | 'active' | 'suspended';

function useColumns(): Array<Column<AdminClientSummary>> {
  const { t, formatNumber } = useI18n();
  return [
    {
      key: 'name',
      header: t('admin.clients.name'),
      cell: (row) => (
        <div className="flex flex-col gap-1">
          <Link
            to="/admin/clients/$clientId"
            params={{ clientId: row.id }}
            className="font-medium text-primary underline-offset-2 hover:underline"
          >
            {row.name}
          </Link>
          <span className="text-xs text-text-muted">{row.slug}</span>
        </div>
      ),
    },
    {
      key: 'status',
      header: t('admin.clients.status'),
      cell: (row) => (
        <Badge tone={row.status === 'active' ? 'success' : 'danger'}>{t(`admin.status.${row.status}`)}</Badge>
      ),
    },
    { key: 'plan', header: t('admin.clients.plan'), cell: (row) => row.plan, shownFrom: 'lg' },
    { key: 'members', header: t('admin.clients.members'), cell: (row) => row.members, shownFrom: 'lg' },
    { key: 'agents', header: t('admin.clients.agents'), cell: (row) => row.agents, shownFrom: 'lg' },
    {
      key: 'spend',
      header: t('admin.clients.spend'),
      cell: (row) =>
        row.monthly_budget_usd === null
          ? formatUsd(formatNumber, row.spent_usd)
          : t('admin.clients.ofBudget', {
              spent: formatUsd(formatNumber, row.spent_usd),
              budget: formatUsd(formatNumber, row.monthly_budget_usd),
            }),
    },
    { key: 'runs', header: t('admin.clients.runs24h'), cell: (row) => row.runs_24h, shownFrom: 'lg' },
    {
      key: 'errors',
      header: t('admin.clients.errors24h'),
      cell: (row) => (row.errors_24h > 0 ? <Badge tone="danger">{row.errors_24h}</Badge> : 0),
      shownFrom: 'lg',
    },
  ];
}

/** Every client, searchable by name or slug and filtered by status, with its figures; create one. */
export function AdminClientsPage() {
  const { t } = useI18n();
  const api = useApi();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<Status>('');
  const q = useDeferredValue(search.trim());
  const columns = useColumns();
  const clients = useInfiniteQuery({
    queryKey: ['admin', 'clients', q, status],
    queryFn: ({ pageParam, signal }) =>
      api.admin.clients.list(
        {
          limit: 50,
          ...(q ? { q } : {}),
          ...(status ? { status } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
        { signal },
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  return (
    <>
      <PageHeader
        title={t('admin.nav.clients')}
        description={t('admin.clients.description')}
        actions={<CreateClientDialog />}
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem] md:max-w-2xl">
        <Field label={t('admin.clients.search')}>
          <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Field>
        <Field label={t('admin.clients.status')}>
          <Select value={status} onChange={(event) => setStatus(event.target.value as Status)}>
            <option value="">{t('admin.clients.anyStatus')}</option>
            <option value="active">{t('admin.status.active')}</option>
            <option value="suspended">{t('admin.status.suspended')}</option>
          </Select>
        </Field>
      </div>
      <QueryState query={clients}>
        {(data) => {
          const rows = data.pages.flatMap((page) => page.data);
          if (rows.length === 0) return <EmptyState title={t('admin.clients.empty')} />;
          return (
            <>
              <Table
                caption={t('admin.clients.caption')}
                columns={columns}
                rows={rows}
                rowKey={(row) => row.id}
              />
              <MoreButton query={clients} label={t('admin.clients.more')} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}
