import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import type { AuditSearch } from '../../routes/search-schemas.ts';
import { Button, MoreButton } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';

const uuid = /^[0-9a-f-]{36}$/i;
/** The filters the API accepts: malformed ids and dates are left out rather than refused. */
function apiQuery(search: AuditSearch) {
  const day = (value: string | undefined, end: boolean) =>
    value && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T${end ? '23:59:59.999' : '00:00:00.000'}Z`
      : undefined;
  return {
    ...(search.client_id && uuid.test(search.client_id) ? { client_id: search.client_id } : {}),
    ...(search.actor_id && uuid.test(search.actor_id) ? { actor_id: search.actor_id } : {}),
    ...(search.action ? { action: search.action } : {}),
    ...(day(search.from, false) ? { from: day(search.from, false) } : {}),
    ...(day(search.to, true) ? { to: day(search.to, true) } : {}),
  };
}

function AuditFilters({ search }: { search: AuditSearch }) {
  const { t } = useI18n();
  const navigate = useNavigate({ from: '/admin/audit' });
  const [draft, setDraft] = useState(search);
  const field = (key: keyof AuditSearch, label: string, type = 'text') => (
    <Field label={label}>
      <Input
        type={type}
        value={draft[key] ?? ''}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value || undefined })}
      />
    </Field>
  );
  return (
    <form
      className="mb-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate({ search: draft });
      }}
    >
      {field('client_id', t('admin.audit.client'))}
      {field('actor_id', t('admin.audit.actor'))}
      {field('action', t('admin.audit.action'))}
      {field('from', t('admin.audit.from'), 'date')}
      {field('to', t('admin.audit.to'), 'date')}
      <div className="sm:col-span-2 lg:col-span-5">
        <Button type="submit">{t('admin.audit.apply')}</Button>
      </div>
    </form>
  );
}

/** The audit log across clients, filtered by client, actor, action and dates. */
export function AdminAuditPage() {
  const { t, formatDate } = useI18n();
  const api = useApi();
  const search = useSearch({ from: '/admin/audit' });
  const query = apiQuery(search);
  const entries = useInfiniteQuery({
    queryKey: ['admin', 'audit', query],
    queryFn: ({ pageParam, signal }) =>
      api.admin.audit({ limit: 50, ...query, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: '',
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  return (
    <>
      <PageHeader title={t('admin.nav.audit')} description={t('admin.audit.description')} />
      <AuditFilters key={JSON.stringify(search)} search={search} />
      <QueryState query={entries}>
        {(data) => {
          const rows = data.pages.flatMap((page) => page.data);
          if (rows.length === 0) return <EmptyState title={t('admin.audit.empty')} />;
          return (
            <>
              <Table
                caption={t('admin.audit.caption')}
                rows={rows}
                rowKey={(row) => row.id}
                columns={[
                  { key: 'when', header: t('admin.audit.when'), cell: (row) => formatDate(row.created_at) },
                  {
                    key: 'who',
                    header: t('admin.audit.who'),
                    // An address or an id breaks anywhere rather than push the table past a phone's card.
                    cell: (row) => (
                      <span className="break-all">
                        {row.actor_email ??
                          (row.actor_type === 'system' ? t('admin.audit.system') : row.actor_id)}
                      </span>
                    ),
                  },
                  {
                    key: 'what',
                    header: t('admin.audit.what'),
                    cell: (row) => (
                      <div className="flex flex-col">
                        <code className="break-all text-xs">{row.action}</code>
                        {row.client_name ? (
                          <span className="text-xs text-text-muted">{row.client_name}</span>
                        ) : null}
                      </div>
                    ),
                  },
                  {
                    key: 'details',
                    header: t('admin.audit.details'),
                    shownFrom: 'lg',
                    cell: (row) => (
                      <code className="block max-w-md whitespace-pre-wrap break-all text-xs">
                        {JSON.stringify(row.data)}
                      </code>
                    ),
                  },
                ]}
              />
              <MoreButton query={entries} label={t('admin.clients.more')} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}
