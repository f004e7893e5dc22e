import type { Credential } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus, Trash2 } from 'lucide-react';
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
import { CredentialForm } from './credential-form.tsx';

/** The client's credentials, masked only: add, replace the secret, delete (confirmed). */
export function CredentialsPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [replacing, setReplacing] = useState<Credential | null>(null);
  const [deleting, setDeleting] = useState<Credential | null>(null);
  const credentials = useQuery({
    queryKey: ['credentials'],
    queryFn: ({ signal }) => client.credentials.list({ signal }),
  });
  const agents = useQuery({
    queryKey: ['agents', 'names'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['credentials'] });
  const remove = useMutation({
    mutationFn: (credential: Credential) => client.credentials.delete(credential.id),
    onSuccess: async () => {
      setDeleting(null);
      toast({ title: t('credentials.deleted'), tone: 'success' });
      await refresh();
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  const agentName = (id: string | null) =>
    id === null
      ? t('credentials.allAgents')
      : (agents.data?.data.find((agent) => agent.id === id)?.name ?? id);
  return (
    <>
      <PageHeader
        title={t('nav.credentials')}
        description={t('credentials.description')}
        actions={
          <Button icon={Plus} onClick={() => setAdding(true)}>
            {t('credentials.add')}
          </Button>
        }
      />
      <QueryState query={credentials}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState
              icon={KeyRound}
              title={t('credentials.empty')}
              description={t('credentials.emptyHint')}
            />
          ) : (
            <Table
              caption={t('nav.credentials')}
              rows={list.data}
              rowKey={(credential) => credential.id}
              columns={[
                {
                  key: 'service',
                  header: t('credentials.field.service'),
                  cell: (credential) => <Badge tone="primary">{credential.service}</Badge>,
                },
                { key: 'name', header: t('credentials.field.name'), cell: (credential) => credential.name },
                {
                  key: 'masked',
                  header: t('credentials.masked'),
                  cell: (credential) => <code className="font-mono text-xs">{credential.masked}</code>,
                },
                {
                  key: 'scope',
                  header: t('credentials.scope'),
                  cell: (credential) => agentName(credential.agent_id),
                  shownFrom: 'lg',
                },
                {
                  key: 'created',
                  header: t('credentials.created'),
                  cell: (credential) => formatDate(credential.created_at),
                  shownFrom: 'lg',
                },
                {
                  key: 'used',
                  header: t('credentials.lastUsed'),
                  cell: (credential) =>
                    credential.last_used_at ? formatDate(credential.last_used_at) : t('credentials.never'),
                  shownFrom: 'lg',
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('agents.actions')}</span>,
                  cell: (credential) => (
                    <div className="flex flex-wrap justify-end gap-1">
                      <Button
                        icon={KeyRound}
                        iconOnlyOnPhone
                        size="sm"
                        variant="secondary"
                        onClick={() => setReplacing(credential)}
                      >
                        {t('credentials.replace')}
                      </Button>
                      <Button
                        icon={Trash2}
                        iconOnlyOnPhone
                        size="sm"
                        variant="ghost"
                        aria-label={t('agents.deleteNamed', { name: credential.name })}
                        onClick={() => setDeleting(credential)}
                      >
                        {t('common.delete')}
                      </Button>
                    </div>
                  ),
                },
              ]}
            />
          )
        }
      </QueryState>
      <Dialog open={adding} onOpenChange={setAdding} title={t('credentials.add')}>
        <CredentialForm
          onSubmit={async (input) => {
            await client.credentials.create(input);
            setAdding(false);
            toast({ title: t('credentials.added'), tone: 'success' });
            await refresh();
          }}
        />
      </Dialog>
      <Dialog
        open={replacing !== null}
        onOpenChange={(open) => (open ? undefined : setReplacing(null))}
        title={t('credentials.replaceTitle', { name: replacing?.name ?? '' })}
      >
        <CredentialForm
          replacing={replacing ?? undefined}
          onSubmit={async (input) => {
            if (!replacing) return;
            await client.credentials.replace(replacing.id, input.secret);
            setReplacing(null);
            toast({ title: t('credentials.replaced'), tone: 'success' });
            await refresh();
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t('credentials.deleteTitle', { name: deleting?.name ?? '' })}
        description={t('credentials.deleteDescription')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        onConfirm={() => (deleting ? remove.mutate(deleting) : undefined)}
      />
    </>
  );
}
