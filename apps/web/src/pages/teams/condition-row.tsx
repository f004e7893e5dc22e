import { type WorkflowCondition, type WorkflowStep, workflowConditionOperators } from '@renum/contracts';
import { X } from 'lucide-react';
import { memo, useId } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import {
  conditionFields,
  outputProperties,
  parseConditionValue,
  showConditionValue,
  splitField,
} from './team-draft.ts';

/** What a condition row shows: its condition, the steps before its step, and the errors of its fields. */
interface ConditionRowProps {
  /** The steps before this condition's step (the results it may read). */
  earlier: readonly WorkflowStep[];
  position: number;
  condition: WorkflowCondition;
  agentNames: ReadonlyMap<string, string>;
  fieldError: string | undefined;
  operatorError: string | undefined;
  valueError: string | undefined;
  /** Stable handlers (they name the condition by position): the row re-renders only when it changes. */
  onChange(position: number, condition: WorkflowCondition): void;
  onRemove(position: number): void;
}

/** Same props, with the earlier steps compared one by one (the parent slices a new array each render). */
function sameRow(before: ConditionRowProps, after: ConditionRowProps): boolean {
  const keys = Object.keys(after) as Array<keyof ConditionRowProps>;
  return keys.every((key) =>
    key === 'earlier' ? sameSteps(before.earlier, after.earlier) : Object.is(before[key], after[key]),
  );
}

/** The same step objects in the same order. */
export function sameSteps(before: readonly WorkflowStep[], after: readonly WorkflowStep[]): boolean {
  return before.length === after.length && before.every((step, at) => step === after[at]);
}

/**
 * One condition of a conditional step: which result (earlier steps only), a path in it, operator, value.
 * Memoised: typing elsewhere in the builder does not re-render its two selects.
 */
export const ConditionRow = memo(function ConditionRow({
  earlier,
  position,
  condition,
  agentNames,
  fieldError,
  operatorError,
  valueError,
  onChange: onChangeAt,
  onRemove,
}: ConditionRowProps) {
  const { t } = useI18n();
  const onChange = (next: WorkflowCondition) => onChangeAt(position, next);
  const { base, path } = splitField(condition.field);
  const fields = conditionFields(earlier);
  const labelOf = (field: string) => {
    if (field === 'initial_prompt') return t('teams.initialPrompt');
    const step = earlier.find((other) => `agent_${other.agent_id}_result` === field);
    return step
      ? t('teams.resultOf', { role: step.role, agent: agentNames.get(step.agent_id) ?? '?' })
      : field;
  };
  const setField = (nextBase: string, nextPath: string) =>
    onChange({ ...condition, field: nextPath.trim() ? `${nextBase}.${nextPath.trim()}` : nextBase });
  // The fields a step's output schema promises: suggested for the path, the first one filled in when the
  // result chosen has a schema and the path is empty or not one of its fields.
  const propertiesOf = (field: string) =>
    outputProperties(earlier.find((other) => `agent_${other.agent_id}_result` === field));
  const properties = propertiesOf(base);
  const suggestions = `${useId()}-paths`;
  return (
    <fieldset className="grid gap-2 rounded-md border border-border p-3 sm:grid-cols-2 sm:items-end 2xl:grid-cols-[minmax(0,1fr)_8rem_9rem_minmax(0,1fr)_auto]">
      <legend className="sr-only">{t('teams.condition')}</legend>
      <Field label={t('teams.conditionField')} error={fieldError}>
        <SelectMenu
          value={base}
          onChange={(event) => {
            const next = propertiesOf(event.target.value);
            setField(event.target.value, next.length > 0 && !next.includes(path) ? next[0]! : path);
          }}
        >
          {fields.includes(base) ? null : <option value={base}>{base}</option>}
          {fields.map((field) => (
            <option key={field} value={field}>
              {labelOf(field)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field label={t('teams.conditionPath')}>
        <Input
          list={properties.length > 0 ? suggestions : undefined}
          value={path}
          placeholder={t('teams.conditionPathPlaceholder')}
          onChange={(event) => setField(base, event.target.value)}
        />
      </Field>
      {properties.length > 0 ? (
        <datalist id={suggestions} data-testid="condition-paths">
          {properties.map((property) => (
            <option key={property} value={property} />
          ))}
        </datalist>
      ) : null}
      <Field label={t('teams.conditionOperator')} error={operatorError}>
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
      <Field label={t('teams.conditionValue')} error={valueError}>
        <Input
          value={showConditionValue(condition)}
          placeholder={t('teams.conditionValuePlaceholder')}
          disabled={condition.operator === 'exists'}
          onChange={(event) => {
            const { value: _old, ...rest } = condition;
            onChange(
              event.target.value === '' ? rest : { ...rest, value: parseConditionValue(event.target.value) },
            );
          }}
        />
      </Field>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onRemove(position)}
        aria-label={t('teams.removeCondition')}
      >
        <X aria-hidden="true" className="h-4 w-4" />
      </Button>
    </fieldset>
  );
}, sameRow);
