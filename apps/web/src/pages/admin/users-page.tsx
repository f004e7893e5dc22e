import type { AdminUser } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';

/** Grants or revokes the platform-admin flag after a confirmation; the server keeps the last admin. */
function PlatformRoleButton({ user }: { user: AdminUser }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const granting = user.platform_role !== 'admin';
  const change = useMutation({
    mutationFn: () => api.admin.users.setPlatformRole(user.id, granting ? 'admin' : 'none'),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      toast({ title: t('admin.users.roleChanged', { email: user.email }), tone: 'success' });
      setOpen(false);
    },
    onError: (error) => {
      toast({ title: describeError(error, t), tone: 'error' });
      setOpen(false);
    },
  });
  return (
    <>
      <Button variant={granting ? 'secondary' : 'danger'} size="sm" onClick={() => setOpen(true)}>
        {granting ? t('admin.users.grant') : t('admin.users.revoke')}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={t(granting ? 'admin.users.grantTitle' : 'admin.users.revokeTitle', { email: user.email })}
        description={t('admin.users.roleDescription')}
        destructive={!granting}
        busy={change.isPending}
        onConfirm={() => change.mutate()}
      />
    </>
  );
}

/** Everyone on the platform, searchable, with their clients and the platform-admin flag. */
export function AdminUsersPage() {
  const { t, formatDate } = useI18n();
  const api = useApi();
  const { me } = useAuth();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const users = useQuery({
    queryKey: ['admin', 'users', q],
    queryFn: ({ signal }) => api.admin.users.list({ limit: 100, ...(q ? { q } : {}) }, { signal }),
  });
  return (
    <>
      <PageHeader title={t('admin.nav.users')} description={t('admin.users.description')} />
      <div className="mb-4 md:max-w-md">
        <Field label={t('admin.users.search')}>
          <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Field>
      </div>
      <QueryState query={users}>
        {(data) =>
          data.data.length === 0 ? (
            <EmptyState title={t('admin.users.empty')} />
          ) : (
            <Table
              caption={t('admin.users.caption')}
              rows={data.data}
              rowKey={(row) => row.id}
              columns={[
                {
                  key: 'person',
                  header: t('admin.users.person'),
                  cell: (row) => (
                    <div className="flex flex-col gap-1">
                      <span className="font-medium">{row.name}</span>
                      <span className="break-all text-xs text-text-muted">{row.email}</span>
                      {row.platform_role === 'admin' ? (
                        <Badge tone="primary">{t('admin.users.platformAdmin')}</Badge>
                      ) : null}
                    </div>
                  ),
                },
                {
                  key: 'memberships',
                  header: t('admin.users.memberships'),
                  shownFrom: 'lg',
                  cell: (row) => (
                    <ul className="flex flex-col gap-1">
                      {row.memberships.map((membership) => (
                        <li key={membership.client_id}>
                          <Link
                            to="/admin/clients/$clientId"
                            params={{ clientId: membership.client_id }}
                            className="text-primary underline-offset-2 hover:underline"
                          >
                            {membership.client_name}
                          </Link>{' '}
                          <span className="text-text-muted">({t(`role.${membership.role}`)})</span>
                        </li>
                      ))}
                    </ul>
                  ),
                },
                {
                  key: 'login',
                  header: t('admin.users.lastLogin'),
                  shownFrom: 'lg',
                  cell: (row) => (row.last_login_at ? formatDate(row.last_login_at) : t('admin.users.never')),
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('admin.users.platformAdmin')}</span>,
                  cell: (row) =>
                    row.id === me?.user?.id && row.platform_role === 'admin' ? null : (
                      <PlatformRoleButton user={row} />
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
