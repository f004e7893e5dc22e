import { createSubAgentSchema, type SubAgent } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bot, Plus, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { type FieldErrors, submitParsed } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';
import { KnowledgeAttachmentsEditor } from './knowledge-attachments-editor.tsx';
import { TopicChips } from './topic-chips.tsx';
import { subAgentAnchor, useHashTarget } from './use-hash-target.ts';

/** The sub-agent form: name, topics as chips, prompt; validated with `createSubAgentSchema`. */
export function SubAgentForm({
  subAgent,
  onSubmit,
}: {
  subAgent?: SubAgent | undefined;
  onSubmit(input: ReturnType<typeof createSubAgentSchema.parse>): Promise<unknown>;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(subAgent?.name ?? '');
  const [description, setDescription] = useState(subAgent?.description ?? '');
  const [topics, setTopics] = useState<string[]>(subAgent?.topics ?? []);
  const [prompt, setPrompt] = useState(subAgent?.system_prompt ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = createSubAgentSchema.safeParse({
      name,
      description: description.trim() === '' ? null : description,
      topics,
      system_prompt: prompt,
      is_active: subAgent?.is_active ?? true,
    });
    await submitParsed(parsed, onSubmit, { setErrors, setFormError, setSubmitting, t });
  };
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-4">
      <FormError message={formError} />
      <Field label={t('agents.field.name')} error={errors.name} required>
        <Input value={name} onChange={(event) => setName(event.target.value)} />
      </Field>
      <Field label={t('agents.field.description')} error={errors.description}>
        <Input value={description} onChange={(event) => setDescription(event.target.value)} />
      </Field>
      <TopicChips
        label={t('agents.field.topics')}
        value={topics}
        onChange={setTopics}
        error={errors.topics}
      />
      <Field label={t('agents.field.systemPrompt')} error={errors.system_prompt} required>
        <Textarea rows={5} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
      </Field>
      <div className="flex justify-end">
        <Button icon={Plus} type="submit" busy={submitting}>
          {subAgent ? t('common.save') : t('agents.subAgents.add')}
        </Button>
      </div>
    </form>
  );
}

/** The agent's sub-agents: list with topics, add and edit in a dialog, activate/deactivate, delete. */
export function SubAgentsSection({ agentId }: { agentId: string }) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<SubAgent | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SubAgent | null>(null);
  const queryKey = ['agents', agentId, 'sub-agents'];
  const subAgents = useQuery({
    queryKey,
    queryFn: ({ signal }) => client.subAgents.list(agentId, { signal }),
  });
  const hash = useHashTarget(subAgents.isSuccess);
  const refresh = () => queryClient.invalidateQueries({ queryKey });
  const toggle = useMutation({
    mutationFn: (subAgent: SubAgent) =>
      client.subAgents.update(agentId, subAgent.id, { is_active: !subAgent.is_active }),
    onSuccess: refresh,
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  const remove = useMutation({
    mutationFn: (subAgent: SubAgent) => client.subAgents.delete(agentId, subAgent.id),
    onSuccess: async () => {
      setDeleting(null);
      await refresh();
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <Card>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('agents.subAgents.title')}</h2>
        <Button icon={Plus} size="sm" onClick={() => setEditing('new')}>
          {t('agents.subAgents.add')}
        </Button>
      </div>
      <QueryState query={subAgents}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState
              icon={Bot}
              title={t('agents.subAgents.empty')}
              description={t('agents.subAgents.emptyHint')}
            />
          ) : (
            <ul className="flex flex-col divide-y divide-border" aria-label={t('agents.subAgents.title')}>
              {list.data.map((subAgent) => (
                <li
                  key={subAgent.id}
                  id={subAgentAnchor(subAgent.id)}
                  tabIndex={-1}
                  aria-current={hash === subAgentAnchor(subAgent.id) ? 'location' : undefined}
                  className="flex scroll-mt-20 flex-col gap-2 rounded-md py-3 outline-none focus-visible:ring-2 focus-visible:ring-primary aria-[current=location]:bg-primary/5 aria-[current=location]:px-2 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="min-w-0">
                    <p className="font-medium">
                      {subAgent.name}{' '}
                      <Badge tone={subAgent.is_active ? 'success' : 'warning'}>
                        {subAgent.is_active ? t('agents.status.active') : t('agents.status.inactive')}
                      </Badge>
                    </p>
                    <ul className="mt-1 flex flex-wrap gap-1" aria-label={t('agents.field.topics')}>
                      {subAgent.topics.map((topic) => (
                        <li key={topic} className="rounded-full bg-primary/15 px-2 py-0.5 text-xs text-text">
                          {topic}
                        </li>
                      ))}
                    </ul>
                  </div>
                  <div className="flex flex-wrap gap-1">
                    <Button size="sm" variant="secondary" onClick={() => setEditing(subAgent)}>
                      {t('agents.edit')}
                    </Button>
                    <Button
                      size="sm"
                      variant="secondary"
                      busy={toggle.isPending && toggle.variables?.id === subAgent.id}
                      onClick={() => toggle.mutate(subAgent)}
                    >
                      {subAgent.is_active ? t('agents.deactivate') : t('agents.activate')}
                    </Button>
                    <Button
                      icon={Trash2}
                      size="sm"
                      variant="ghost"
                      aria-label={t('agents.deleteNamed', { name: subAgent.name })}
                      onClick={() => setDeleting(subAgent)}
                    >
                      {t('common.delete')}
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <Dialog
        open={editing !== null}
        onOpenChange={(open) => (open ? undefined : setEditing(null))}
        title={editing === 'new' ? t('agents.subAgents.add') : t('agents.subAgents.edit')}
      >
        <SubAgentForm
          subAgent={editing === 'new' || editing === null ? undefined : editing}
          onSubmit={async (input) => {
            if (editing === 'new') await client.subAgents.create(agentId, input);
            else if (editing) await client.subAgents.update(agentId, editing.id, input);
            setEditing(null);
            await refresh();
          }}
        />
        {editing !== null && editing !== 'new' ? (
          <div className="mt-4">
            <KnowledgeAttachmentsEditor agentId={agentId} subAgentId={editing.id} />
          </div>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t('agents.confirm.delete.title', { name: deleting?.name ?? '' })}
        description={t('agents.subAgents.deleteDescription')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        onConfirm={() => (deleting ? remove.mutate(deleting) : undefined)}
      />
    </Card>
  );
}
