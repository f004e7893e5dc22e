import type { ApiKey } from '@renum/contracts';
import type { CreatedApiKey } from '@renum/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Ban, Key, Plus } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { ApiKeyForm } from './api-key-form.tsx';
import { SecretOnce } from './secret-once.tsx';

/** Whether a key still works: not revoked and not past its expiry. */
function keyState(key: ApiKey, now: number): 'active' | 'revoked' | 'expired' {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= now) return 'expired';
  return 'active';
}

/** The client's API keys: create (the secret shown once, with copy), revoke (confirmed), last use. */
export function ApiKeysPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => client.apiKeys.list() });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => client.apiKeys.revoke(key.id),
    onSuccess: async () => {
      setRevoking(null);
      toast({ title: t('apiKeys.revoked'), tone: 'success' });
      await refresh();
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  const now = Date.now();
  return (
    <>
      <PageHeader
        title={t('nav.apiKeys')}
        description={t('apiKeys.description')}
        actions={
          <Button icon={Plus} onClick={() => setCreating(true)}>
            {t('apiKeys.create')}
          </Button>
        }
      />
      <QueryState query={keys}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState
              icon={Key}
              title={t('apiKeys.empty')}
              description={t('apiKeys.emptyHint')}
              action={
                <Button icon={Plus} onClick={() => setCreating(true)}>
                  {t('apiKeys.create')}
                </Button>
              }
            />
          ) : (
            <Table
              caption={t('nav.apiKeys')}
              rows={list.data}
              rowKey={(key) => key.id}
              columns={[
                { key: 'name', header: t('apiKeys.field.name'), cell: (key) => key.name },
                {
                  key: 'prefix',
                  header: t('apiKeys.prefix'),
                  cell: (key) => <code className="font-mono text-xs">{key.prefix}…</code>,
                  shownFrom: 'lg',
                },
                { key: 'role', header: t('apiKeys.field.role'), cell: (key) => t(`role.${key.role}`) },
                {
                  key: 'state',
                  header: t('apiKeys.state'),
                  cell: (key) => {
                    const state = keyState(key, now);
                    return (
                      <Badge tone={state === 'active' ? 'success' : 'neutral'}>
                        {t(`apiKeys.state.${state}`)}
                      </Badge>
                    );
                  },
                },
                {
                  key: 'used',
                  header: t('credentials.lastUsed'),
                  cell: (key) => (key.last_used_at ? formatDate(key.last_used_at) : t('credentials.never')),
                  shownFrom: 'lg',
                },
                {
                  key: 'expires',
                  header: t('apiKeys.expires'),
                  cell: (key) => (key.expires_at ? formatDate(key.expires_at) : t('apiKeys.noExpiry')),
                  shownFrom: 'lg',
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('agents.actions')}</span>,
                  cell: (key) =>
                    keyState(key, now) === 'active' ? (
                      <div className="flex justify-end">
                        <Button
                          icon={Ban}
                          iconOnlyOnPhone
                          size="sm"
                          variant="ghost"
                          aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                          onClick={() => setRevoking(key)}
                        >
                          {t('apiKeys.revoke')}
                        </Button>
                      </div>
                    ) : null,
                },
              ]}
            />
          )
        }
      </QueryState>
      <Dialog
        open={creating}
        onOpenChange={(open) => {
          setCreating(open);
          if (!open) setCreated(null);
        }}
        title={created ? t('apiKeys.createdTitle', { name: created.name }) : t('apiKeys.create')}
      >
        {created ? (
          <div className="flex flex-col gap-4">
            <SecretOnce label={t('apiKeys.secret')} value={created.secret} />
            <div className="flex justify-end">
              <Button
                onClick={() => {
                  setCreating(false);
                  setCreated(null);
                }}
              >
                {t('common.close')}
              </Button>
            </div>
          </div>
        ) : (
          <ApiKeyForm
            onSubmit={async (input) => {
              setCreated(await client.apiKeys.create(input));
              await refresh();
            }}
          />
        )}
      </Dialog>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        title={t('apiKeys.revokeTitle', { name: revoking?.name ?? '' })}
        description={t('apiKeys.revokeDescription')}
        confirmLabel={t('apiKeys.revoke')}
        busy={revoke.isPending}
        onConfirm={() => (revoking ? revoke.mutate(revoking) : undefined)}
      />
    </>
  );
}
