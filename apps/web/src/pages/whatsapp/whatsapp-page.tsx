import type { WhatsAppConnection } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MessageCircle } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { ApproverNumberForm } from './approver-number-form.tsx';
import { WhatsAppConnectForm } from './whatsapp-connect-form.tsx';

/** The steps in Meta's app dashboard, with this platform's webhook URL. */
function SetupSteps({ webhookUrl }: { webhookUrl: string }) {
  const { t } = useI18n();
  return (
    <Card title={t('whatsapp.stepsTitle')}>
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        <li>{t('whatsapp.step1')}</li>
        <li>{t('whatsapp.step2')}</li>
        <li>
          {t('whatsapp.step3')}{' '}
          <code className="break-all rounded bg-surface px-1 font-mono text-xs">{webhookUrl}</code>
        </li>
        <li>{t('whatsapp.step4')}</li>
      </ol>
    </Card>
  );
}

/** WhatsApp Business numbers: connect one to an agent, see the webhook URL, disconnect; the approver number. */
export function WhatsAppPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [connecting, setConnecting] = useState(false);
  const [removing, setRemoving] = useState<WhatsAppConnection | null>(null);
  const connections = useQuery({
    queryKey: ['whatsapp'],
    queryFn: ({ signal }) => client.whatsapp.list({ signal }),
  });
  const agents = useQuery({
    queryKey: ['agents', 'names'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['whatsapp'] });
  const disconnect = useMutation({
    mutationFn: (connection: WhatsAppConnection) => client.whatsapp.disconnect(connection.id),
    onSuccess: async () => {
      setRemoving(null);
      toast({ title: t('whatsapp.disconnected'), tone: 'success' });
      await refresh();
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  const agentName = (id: string) => agents.data?.data.find((agent) => agent.id === id)?.name ?? id;
  const webhookUrl = `${window.location.origin}/v1/channels/whatsapp/webhook`;
  return (
    <>
      <PageHeader
        title={t('nav.whatsapp')}
        description={t('whatsapp.description')}
        actions={<Button onClick={() => setConnecting(true)}>{t('whatsapp.connect')}</Button>}
      />
      <div className="flex flex-col gap-4">
        <QueryState query={connections}>
          {(list) =>
            list.data.length === 0 ? (
              <EmptyState
                icon={MessageCircle}
                title={t('whatsapp.empty')}
                description={t('whatsapp.emptyHint')}
              />
            ) : (
              <Table
                caption={t('nav.whatsapp')}
                rows={list.data}
                rowKey={(connection) => connection.id}
                columns={[
                  {
                    key: 'number',
                    header: t('whatsapp.number'),
                    cell: (connection) => connection.display_phone_number ?? connection.phone_number_id,
                  },
                  {
                    key: 'agent',
                    header: t('whatsapp.agent'),
                    cell: (connection) => agentName(connection.agent_id),
                  },
                  {
                    key: 'template',
                    header: t('whatsapp.templateName'),
                    cell: (connection) => connection.template_name ?? t('whatsapp.noTemplate'),
                    shownFrom: 'lg',
                  },
                  {
                    key: 'created',
                    header: t('whatsapp.connected'),
                    cell: (connection) => formatDate(connection.created_at),
                    shownFrom: 'lg',
                  },
                  {
                    key: 'actions',
                    header: <span className="sr-only">{t('agents.actions')}</span>,
                    cell: (connection) => (
                      <div className="flex justify-end">
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={t('whatsapp.disconnectNamed', {
                            name: connection.display_phone_number ?? connection.phone_number_id,
                          })}
                          onClick={() => setRemoving(connection)}
                        >
                          {t('whatsapp.disconnect')}
                        </Button>
                      </div>
                    ),
                  },
                ]}
              />
            )
          }
        </QueryState>
        <SetupSteps webhookUrl={connections.data?.data[0]?.webhook_url ?? webhookUrl} />
        <Card title={t('whatsapp.approverTitle')}>
          <ApproverNumberForm />
        </Card>
      </div>
      <Dialog open={connecting} onOpenChange={setConnecting} title={t('whatsapp.connectTitle')}>
        <WhatsAppConnectForm
          onConnected={async () => {
            setConnecting(false);
            toast({ title: t('whatsapp.connectedToast'), tone: 'success' });
            await refresh();
          }}
        />
      </Dialog>
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={t('whatsapp.disconnectTitle')}
        description={t('whatsapp.disconnectDescription')}
        confirmLabel={t('whatsapp.disconnect')}
        busy={disconnect.isPending}
        onConfirm={() => (removing ? disconnect.mutate(removing) : undefined)}
      />
    </>
  );
}
