import type { PromptTemplateDetail } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';

import { QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';

/**
 * Points an agent at one version of the template (`prompt_template_version_id`, and the version's text as
 * its `system_prompt` so the editor shows what the agent says), then opens the agent editor.
 */
export function UseInAgent({
  template,
  versionId,
  version,
}: {
  template: PromptTemplateDetail;
  versionId: string;
  version: number;
}) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [agentId, setAgentId] = useState('');
  const agents = useQuery({ queryKey: ['agents', 'all'], queryFn: () => client.agents.list({ limit: 100 }) });
  const apply = useMutation({
    mutationFn: async () => {
      const body = (await client.promptTemplates.getVersion(template.id, version)).body;
      return client.agents.update(agentId, { prompt_template_version_id: versionId, system_prompt: body });
    },
    onSuccess: async (agent) => {
      queryClient.setQueryData(['agents', agent.id], agent);
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      toast({
        title: t('templates.applied', {
          agent: agent.name,
          template: template.name,
          version: String(version),
        }),
        tone: 'success',
      });
      await navigate({ to: '/agents/$agentId', params: { agentId: agent.id } });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <Card title={t('templates.useInAgent')}>
      <p className="mb-3 text-sm text-text-muted">{t('templates.useInAgentHint')}</p>
      <QueryState query={agents}>
        {(page) =>
          page.data.length === 0 ? (
            <p className="text-sm">
              <Link to="/agents/new" className="text-primary underline">
                {t('templates.noAgents')}
              </Link>
            </p>
          ) : (
            <form
              className="flex flex-col gap-3 sm:flex-row sm:items-end"
              onSubmit={(event) => {
                event.preventDefault();
                if (agentId) apply.mutate();
              }}
            >
              <Field label={t('templates.agent')} className="flex-1">
                <SelectMenu value={agentId} onChange={(event) => setAgentId(event.target.value)} required>
                  <option value="">—</option>
                  {page.data.map((agent) => (
                    <option key={agent.id} value={agent.id}>
                      {agent.name}
                    </option>
                  ))}
                </SelectMenu>
              </Field>
              <Button type="submit" busy={apply.isPending} disabled={!agentId}>
                {t('templates.apply', { version: String(version) })}
              </Button>
            </form>
          )
        }
      </QueryState>
    </Card>
  );
}
