import type { Agent } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { useToast } from '../../ui/toast.tsx';

/**
 * In the agent editor: says the agent's prompt comes from a template version (which wins over the
 * prompt field at run time), with a button that detaches it. Nothing when the agent uses its own prompt.
 */
export function TemplateInUse({ agent }: { agent: Agent }) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const detach = useMutation({
    mutationFn: () => client.agents.update(agent.id, { prompt_template_version_id: null }),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['agents', agent.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
      toast({ title: t('templates.stopped'), tone: 'success' });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  if (!agent.prompt_template_version_id) return null;
  return (
    <div
      role="note"
      className="mb-4 flex flex-col gap-2 rounded-lg border border-primary/40 bg-surface-raised p-4 text-sm sm:flex-row sm:items-center sm:justify-between"
    >
      <p>{t('templates.inUse')}</p>
      <Button size="sm" variant="secondary" busy={detach.isPending} onClick={() => detach.mutate()}>
        {t('templates.stopUsing')}
      </Button>
    </div>
  );
}
