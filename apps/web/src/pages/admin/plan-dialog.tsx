import type { Plan } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePlansT } from '../../i18n/plans-page.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { EditorDialog } from './editor-dialog.tsx';

interface Draft {
  name: string;
  description: string;
  budget: string;
  rpm: string;
  concurrency: string;
  reason: string;
}

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? '' : String(value);
const numberOrNull = (value: string) => (value.trim() === '' ? null : Number(value));

function draftOf(plan: Plan | null): Draft {
  return {
    name: plan?.name ?? '',
    description: plan?.description ?? '',
    budget: text(plan?.monthly_budget_usd),
    rpm: text(plan?.requests_per_minute),
    concurrency: text(plan?.max_concurrent_runs),
    reason: '',
  };
}

/** The plan's values of a draft, as the API takes them. */
function valuesOf(draft: Draft) {
  return {
    description: draft.description.trim(),
    monthly_budget_usd: numberOrNull(draft.budget),
    requests_per_minute: numberOrNull(draft.rpm),
    max_concurrent_runs: numberOrNull(draft.concurrency),
    ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}),
  };
}

/** The limit fields of the plan form: empty means no limit. */
function LimitFields({
  draft,
  set,
}: {
  draft: Draft;
  set: (key: keyof Draft) => (e: { target: { value: string } }) => void;
}) {
  const tp = usePlansT();
  return (
    <>
      <Field label={tp('plans.budget')} hint={tp('plans.noLimitHint')}>
        <Input type="number" min={0} step="0.01" value={draft.budget} onChange={set('budget')} />
      </Field>
      <Field label={tp('plans.rpm')} hint={tp('plans.noLimitHint')}>
        <Input type="number" min={1} step={1} value={draft.rpm} onChange={set('rpm')} />
      </Field>
      <Field label={tp('plans.concurrency')} hint={tp('plans.noLimitHint')}>
        <Input type="number" min={1} step={1} value={draft.concurrency} onChange={set('concurrency')} />
      </Field>
    </>
  );
}

/** Creates a plan, or edits one (`plan`) as its next version, in a dialog opened by its button. */
export function PlanDialog({ plan }: { plan: Plan | null }) {
  const tp = usePlansT();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const save = useMutation({
    mutationFn: () =>
      plan
        ? api.admin.plans.update(plan.name, { ...valuesOf(draft), base_version: plan.version })
        : api.admin.plans.create({ ...valuesOf(draft), name: draft.name.trim() }),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'plans'] });
      toast({ title: tp('plans.saved', { name: saved.name, version: saved.version }), tone: 'success' });
      setOpen(false);
    },
  });
  const set = (key: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));
  return (
    <EditorDialog
      editing={plan !== null}
      open={open}
      onOpenChange={setOpen}
      onOpen={() => {
        setDraft(draftOf(plan));
        save.reset();
      }}
      buttonLabel={plan ? tp('plans.edit') : tp('plans.create')}
      buttonAriaLabel={plan ? `${tp('plans.edit')}: ${plan.name}` : undefined}
      title={plan ? tp('plans.editTitle', { name: plan.name }) : tp('plans.create')}
      submitLabel={tp('plans.save')}
      onSubmit={() => save.mutate()}
      error={save.error}
      busy={save.isPending}
    >
      {plan ? null : (
        <Field label={tp('plans.name')} hint={tp('plans.nameHint')} required>
          <Input
            value={draft.name}
            onChange={set('name')}
            required
            maxLength={50}
            pattern="[a-z0-9][a-z0-9_\-]*"
          />
        </Field>
      )}
      <Field label={tp('plans.descriptionField')}>
        <Input value={draft.description} onChange={set('description')} maxLength={500} />
      </Field>
      <LimitFields draft={draft} set={set} />
      <Field label={tp('plans.reason')}>
        <Input value={draft.reason} onChange={set('reason')} maxLength={500} />
      </Field>
    </EditorDialog>
  );
}
