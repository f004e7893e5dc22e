import type { Agent, AgentStatus } from '@renum/contracts';
import { agentStatusSchema } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Bot, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { StartWizardButton } from '../wizard/start-wizard-button.tsx';

/** Badge tone per agent status. */
export const statusTone = { draft: 'neutral', active: 'success', inactive: 'warning' } as const;

/** Lists the client's agents: search, status filter, activate/deactivate and delete (confirmed). */
export function AgentsPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<AgentStatus | ''>('');
  const [confirm, setConfirm] = useState<{ agent: Agent; action: 'deactivate' | 'delete' } | null>(null);
  const agents = useQuery({
    queryKey: ['agents', { search, status }],
    queryFn: ({ signal }) =>
      client.agents.list(
        { limit: 100, ...(search.trim() ? { search: search.trim() } : {}), ...(status ? { status } : {}) },
        { signal },
      ),
  });
  const change = useMutation({
    mutationFn: async ({ agent, action }: { agent: Agent; action: 'activate' | 'deactivate' | 'delete' }) => {
      if (action === 'delete') await client.agents.delete(agent.id);
      else await client.agents.update(agent.id, { status: action === 'activate' ? 'active' : 'inactive' });
    },
    onSuccess: async (_result, { action }) => {
      setConfirm(null);
      toast({ title: t(`agents.done.${action}`), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });

  return (
    <>
      <PageHeader
        title={t('nav.agents')}
        description={t('agents.description')}
        actions={
          <>
            <Link
              to="/agents/global"
              className="inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted"
            >
              {t('globalAgents.clientTitle')}
            </Link>
            <StartWizardButton />
            <Link
              to="/agents/new"
              className="inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted"
            >
              {t('agents.new')}
            </Link>
          </>
        }
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem]">
        <Field label={t('agents.search')}>
          <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Field>
        <Field label={t('agents.field.status')}>
          <SelectMenu value={status} onChange={(event) => setStatus(event.target.value as AgentStatus | '')}>
            <option value="">{t('agents.status.all')}</option>
            {agentStatusSchema.options.map((option) => (
              <option key={option} value={option}>
                {t(`agents.status.${option}`)}
              </option>
            ))}
          </SelectMenu>
        </Field>
      </div>
      <QueryState query={agents}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState
              icon={Bot}
              title={search || status ? t('agents.emptyFiltered') : t('agents.empty')}
              description={t('agents.emptyHint')}
            />
          ) : (
            <Table
              caption={t('nav.agents')}
              rows={page.data}
              rowKey={(agent) => agent.id}
              columns={[
                {
                  key: 'name',
                  header: t('agents.field.name'),
                  cell: (agent) => (
                    <div>
                      <Link
                        to="/agents/$agentId"
                        params={{ agentId: agent.id }}
                        className="font-medium text-primary hover:underline"
                      >
                        {agent.name}
                      </Link>
                      {agent.description ? (
                        <p className="text-xs text-text-muted">{agent.description}</p>
                      ) : null}
                    </div>
                  ),
                },
                {
                  key: 'status',
                  header: t('agents.field.status'),
                  cell: (agent) => (
                    <Badge tone={statusTone[agent.status]}>{t(`agents.status.${agent.status}`)}</Badge>
                  ),
                },
                {
                  key: 'model',
                  header: t('agents.field.model'),
                  cell: (agent) => agent.model,
                  shownFrom: 'lg',
                },
                {
                  key: 'updated',
                  header: t('agents.updated'),
                  cell: (agent) => formatDate(agent.updated_at),
                  shownFrom: 'lg',
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('agents.actions')}</span>,
                  cell: (agent) => (
                    <div className="flex flex-wrap justify-end gap-1">
                      {agent.status === 'active' ? (
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => setConfirm({ agent, action: 'deactivate' })}
                        >
                          {t('agents.deactivate')}
                        </Button>
                      ) : (
                        <Button
                          size="sm"
                          variant="secondary"
                          busy={change.isPending && change.variables?.agent.id === agent.id}
                          onClick={() => change.mutate({ agent, action: 'activate' })}
                        >
                          {t('agents.activate')}
                        </Button>
                      )}
                      <Button
                        icon={Trash2}
                        size="sm"
                        variant="ghost"
                        aria-label={t('agents.deleteNamed', { name: agent.name })}
                        onClick={() => setConfirm({ agent, action: 'delete' })}
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
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? undefined : setConfirm(null))}
        title={confirm ? t(`agents.confirm.${confirm.action}.title`, { name: confirm.agent.name }) : ''}
        description={confirm ? t(`agents.confirm.${confirm.action}.description`) : ''}
        confirmLabel={
          confirm ? t(confirm.action === 'delete' ? 'common.delete' : 'agents.deactivate') : undefined
        }
        busy={change.isPending}
        onConfirm={() => (confirm ? change.mutate(confirm) : undefined)}
      />
    </>
  );
}
