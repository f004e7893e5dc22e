import type { GlobalAgent } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';

/** One offered agent: what it does, and copying it (as an agent of yours, or its prompt as a template). */
function GlobalAgentCard({ agent }: { agent: GlobalAgent }) {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const copy = useMutation({
    mutationFn: (into: 'agent' | 'prompt_template') => api.globalAgents.copy(agent.id, { into }),
    onSuccess: (copied) => {
      void queryClient.invalidateQueries({
        queryKey: [copied.kind === 'agent' ? 'agents' : 'prompt-templates'],
      });
      if (copied.kind === 'agent') {
        toast({ title: tp('globalAgents.copied', { name: agent.name }), tone: 'success' });
        void navigate({ to: '/agents/$agentId', params: { agentId: copied.id } });
      } else {
        toast({ title: tp('globalAgents.promptCopied', { name: agent.name }), tone: 'success' });
      }
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <Card title={agent.name}>
      <div className="flex flex-col gap-3 text-sm">
        <div className="flex flex-wrap gap-2">
          {agent.category ? <Badge tone="primary">{agent.category}</Badge> : null}
          <Badge>{agent.model}</Badge>
        </div>
        {agent.description ? <p>{agent.description}</p> : null}
        <p className="line-clamp-3 whitespace-pre-wrap text-text-muted">{agent.system_prompt}</p>
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            busy={copy.isPending && copy.variables === 'agent'}
            onClick={() => copy.mutate('agent')}
          >
            {tp('globalAgents.copy')}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            busy={copy.isPending && copy.variables === 'prompt_template'}
            onClick={() => copy.mutate('prompt_template')}
          >
            {tp('globalAgents.copyPrompt')}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** The agents the platform offers every client: read-only here; a copy becomes the client's own. */
export function GlobalAgentsPage() {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const list = useQuery({
    queryKey: ['global-agents'],
    queryFn: ({ signal }) => api.globalAgents.list({ limit: 100 }, { signal }),
  });
  return (
    <>
      <PageHeader title={t('globalAgents.clientTitle')} description={tp('globalAgents.clientDescription')} />
      <QueryState query={list}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState title={tp('globalAgents.empty')} />
          ) : (
            <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
              {page.data.map((agent) => (
                <GlobalAgentCard key={agent.id} agent={agent} />
              ))}
            </div>
          )
        }
      </QueryState>
    </>
  );
}
