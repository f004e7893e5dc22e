import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { TemplateInUse } from '../prompt-templates/template-in-use.tsx';
import { AgentForm } from './agent-form.tsx';
import { statusTone } from './agents-page.tsx';
import { KnowledgeAttachmentsEditor } from './knowledge-attachments-editor.tsx';
import { SubAgentsSection } from './sub-agents-section.tsx';

const linkClass =
  'inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted';

/** Creates an agent, then opens it for sub-agents. */
export function NewAgentPage() {
  const { t } = useI18n();
  const client = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  return (
    <>
      <PageHeader title={t('agents.new')} description={t('agents.newDescription')} />
      <AgentForm
        onSubmit={async (input) => {
          const agent = await client.agents.create(input);
          await queryClient.invalidateQueries({ queryKey: ['agents'] });
          toast({ title: t('agents.done.create'), tone: 'success' });
          await navigate({ to: '/agents/$agentId', params: { agentId: agent.id } });
        }}
      />
    </>
  );
}

/** Edits an agent and its sub-agents; links to the playground to chat with it. */
export function AgentEditorPage() {
  const { t } = useI18n();
  const client = useApi();
  const { agentId } = useParams({ from: '/app/agents/$agentId' });
  const queryClient = useQueryClient();
  const toast = useToast();
  const agent = useQuery({
    queryKey: ['agents', agentId],
    queryFn: ({ signal }) => client.agents.get(agentId, { signal }),
  });
  const save = useMutation({
    mutationFn: (input: Parameters<typeof client.agents.update>[1]) => client.agents.update(agentId, input),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['agents', agentId], updated);
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      toast({ title: t('agents.done.save'), tone: 'success' });
    },
  });
  return (
    <QueryState query={agent}>
      {(data) => (
        <>
          <PageHeader
            title={data.name}
            description={data.description ?? undefined}
            actions={
              <>
                <Badge tone={statusTone[data.status]}>{t(`agents.status.${data.status}`)}</Badge>
                <a href={`/playground?agent=${data.id}`} className={linkClass}>
                  {t('agents.chatInPlayground')}
                </a>
                <Link to="/agents" className={linkClass}>
                  {t('agents.backToList')}
                </Link>
              </>
            }
          />
          <TemplateInUse agent={data} />
          <div className="flex flex-col gap-6">
            <AgentForm key={data.updated_at} agent={data} onSubmit={(input) => save.mutateAsync(input)} />
            <KnowledgeAttachmentsEditor agentId={data.id} />
            <SubAgentsSection agentId={data.id} />
          </div>
        </>
      )}
    </QueryState>
  );
}
