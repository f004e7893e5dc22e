import {
  type WorkflowCondition,
  type WorkflowDefinition,
  workflowConditionOperators,
} from '@renum/contracts';
import { X } from 'lucide-react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { conditionFields, parseConditionValue, showConditionValue, splitField } from './team-draft.ts';

/** One condition of a conditional step: which result (earlier steps only), a path in it, operator, value. */
export function ConditionRow({
  definition,
  stepIndex,
  condition,
  agentNames,
  errors,
  onChange,
  onRemove,
}: {
  definition: WorkflowDefinition;
  stepIndex: number;
  condition: WorkflowCondition;
  agentNames: ReadonlyMap<string, string>;
  errors: { field?: string; operator?: string; value?: string };
  onChange(condition: WorkflowCondition): void;
  onRemove(): void;
}) {
  const { t } = useI18n();
  const { base, path } = splitField(condition.field);
  const fields = conditionFields(definition, stepIndex);
  const labelOf = (field: string) => {
    if (field === 'initial_prompt') return t('teams.initialPrompt');
    const step = definition.agents.find((other) => `agent_${other.agent_id}_result` === field);
    return step
      ? t('teams.resultOf', { role: step.role, agent: agentNames.get(step.agent_id) ?? '?' })
      : field;
  };
  const setField = (nextBase: string, nextPath: string) =>
    onChange({ ...condition, field: nextPath.trim() ? `${nextBase}.${nextPath.trim()}` : nextBase });
  return (
    <fieldset className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-2 sm:items-end 2xl:grid-cols-[minmax(0,1fr)_8rem_9rem_minmax(0,1fr)_auto]">
      <legend className="sr-only">{t('teams.condition')}</legend>
      <Field label={t('teams.conditionField')} error={errors.field}>
        <SelectMenu value={base} onChange={(event) => setField(event.target.value, path)}>
          {fields.includes(base) ? null : <option value={base}>{base}</option>}
          {fields.map((field) => (
            <option key={field} value={field}>
              {labelOf(field)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field label={t('teams.conditionPath')}>
        <Input value={path} placeholder="category" onChange={(event) => setField(base, event.target.value)} />
      </Field>
      <Field label={t('teams.conditionOperator')} error={errors.operator}>
        <SelectMenu
          value={condition.operator}
          onChange={(event) => onChange({ ...condition, operator: event.target.value })}
        >
          {workflowConditionOperators.map((operator) => (
            <option key={operator} value={operator}>
              {t(`teams.operator.${operator}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field label={t('teams.conditionValue')} error={errors.value}>
        <Input
          value={showConditionValue(condition)}
          placeholder="billing"
          disabled={condition.operator === 'exists'}
          onChange={(event) => {
            const { value: _old, ...rest } = condition;
            onChange(
              event.target.value === '' ? rest : { ...rest, value: parseConditionValue(event.target.value) },
            );
          }}
        />
      </Field>
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={t('teams.removeCondition')}>
        <X aria-hidden="true" className="h-4 w-4" />
      </Button>
    </fieldset>
  );
}
