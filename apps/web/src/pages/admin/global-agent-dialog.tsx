import type { CreateGlobalAgent, GlobalAgent } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { EditorDialog } from './editor-dialog.tsx';

type Draft = Required<Pick<CreateGlobalAgent, 'name' | 'model' | 'system_prompt'>> & {
  category: string;
  description: string;
};

function draftOf(agent: GlobalAgent | null): Draft {
  return {
    name: agent?.name ?? '',
    category: agent?.category ?? '',
    description: agent?.description ?? '',
    model: agent?.model ?? 'offline/renum',
    system_prompt: agent?.system_prompt ?? '',
  };
}

/** Creates a global agent, or edits one (`agent`), in a dialog opened by its button. */
export function GlobalAgentDialog({ agent }: { agent: GlobalAgent | null }) {
  const tp = useViewAsPagesT();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(agent));
  const save = useMutation({
    mutationFn: () => {
      const input = {
        ...draft,
        category: draft.category.trim() || null,
        description: draft.description.trim() || null,
      };
      return agent ? api.admin.globalAgents.update(agent.id, input) : api.admin.globalAgents.create(input);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'global-agents'] });
      toast({ title: tp('globalAgents.saved'), tone: 'success' });
      setOpen(false);
    },
  });
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));
  return (
    <EditorDialog
      editing={agent !== null}
      open={open}
      onOpenChange={setOpen}
      onOpen={() => {
        setDraft(draftOf(agent));
        save.reset();
      }}
      buttonLabel={agent ? tp('globalAgents.edit') : tp('globalAgents.create')}
      title={agent ? tp('globalAgents.editTitle', { name: agent.name }) : tp('globalAgents.create')}
      submitLabel={tp('globalAgents.save')}
      onSubmit={() => save.mutate()}
      error={save.error}
      busy={save.isPending}
    >
      <Field label={tp('globalAgents.name')} required>
        <Input value={draft.name} onChange={set('name')} required maxLength={200} />
      </Field>
      <Field label={tp('globalAgents.category')}>
        <Input value={draft.category} onChange={set('category')} maxLength={100} />
      </Field>
      <Field label={tp('globalAgents.descriptionField')}>
        <Input value={draft.description} onChange={set('description')} maxLength={2000} />
      </Field>
      <Field label={tp('globalAgents.model')} required>
        <Input value={draft.model} onChange={set('model')} required maxLength={200} />
      </Field>
      <Field label={tp('globalAgents.prompt')} required>
        <Textarea value={draft.system_prompt} onChange={set('system_prompt')} required rows={6} />
      </Field>
    </EditorDialog>
  );
}
