import type {
  Agent,
  WorkflowCondition,
  WorkflowInput,
  WorkflowProblem,
  WorkflowStep,
  WorkflowType,
} from '@renum/contracts';
import { Trash2 } from 'lucide-react';
import { memo, useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useStableCallback } from '../../lib/use-stable-callback.ts';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { ConditionRow, sameSteps } from './condition-row.tsx';
import { OutputSchemaField } from './output-schema-field.tsx';
import { inputOf, outputProperties } from './team-draft.ts';

/** Problems of this step by the field they name (`agent_id`, `input.agent_id`, `conditions.0.operator`…). */
function errorsByField(problems: readonly WorkflowProblem[], index: number): Map<string, string> {
  const prefix = `workflow_definition.agents.${index}.`;
  const out = new Map<string, string>();
  for (const problem of problems) {
    const field = problem.field.startsWith(prefix) ? problem.field.slice(prefix.length) : problem.field;
    if (!out.has(field)) out.set(field, problem.message);
  }
  return out;
}

/** What a step editor shows; the handlers name the step by index and are stable (see TeamForm). */
interface StepEditorProps {
  step: WorkflowStep;
  index: number;
  /** The steps before this one (inputs and conditions may read their results). */
  earlier: readonly WorkflowStep[];
  /** This is the last step (it cannot move down). */
  last: boolean;
  type: WorkflowType;
  agents: readonly Agent[];
  problems: readonly WorkflowProblem[];
  onChange(index: number, step: WorkflowStep): void;
  onRemove(index: number): void;
  onMove(index: number, offset: -1 | 1): void;
}

/** Same problems: the same fields with the same messages (the list is computed again on each render). */
function sameProblems(before: readonly WorkflowProblem[], after: readonly WorkflowProblem[]): boolean {
  return (
    before.length === after.length &&
    before.every(
      (problem, at) => problem.field === after[at]!.field && problem.message === after[at]!.message,
    )
  );
}

function sameStepProps(before: StepEditorProps, after: StepEditorProps): boolean {
  const keys = Object.keys(after) as Array<keyof StepEditorProps>;
  return keys.every((key) => {
    if (key === 'earlier') return sameSteps(before.earlier, after.earlier);
    if (key === 'problems') return sameProblems(before.problems, after.problems);
    return Object.is(before[key], after[key]);
  });
}

/**
 * One step of the builder: agent, role, input source, and for conditional teams its conditions. Memoised
 * (issue 17): a keystroke in one step re-renders that step only, not every step's selects.
 */
export const StepEditor = memo(function StepEditor({
  step,
  index,
  earlier,
  last,
  type,
  agents,
  problems,
  onChange: onChangeAt,
  onRemove,
  onMove,
}: StepEditorProps) {
  const { t } = useI18n();
  const onChange = (next: WorkflowStep) => onChangeAt(index, next);
  const errors = errorsByField(problems, index);
  const agentNames = useMemo(() => new Map(agents.map((agent) => [agent.id, agent.name])), [agents]);
  const changeCondition = useStableCallback((position: number, next: WorkflowCondition) =>
    onChange({
      ...step,
      conditions: (step.conditions ?? []).map((old, at) => (at === position ? next : old)),
    }),
  );
  const removeCondition = useStableCallback((position: number) =>
    onChange({ ...step, conditions: (step.conditions ?? []).filter((_, at) => at !== position) }),
  );
  const input = inputOf(step);
  const earlierLabel = (other: WorkflowStep) => `${other.role} (${agentNames.get(other.agent_id) ?? '?'})`;
  const setInput = (next: WorkflowInput) => onChange({ ...step, input: next });
  const setOutputSchema = (schema: Record<string, unknown> | undefined) => {
    const { output_schema: _old, ...rest } = step;
    onChange(schema ? { ...rest, output_schema: schema } : rest);
  };
  const otherErrors = [...errors.entries()].filter(
    ([field]) =>
      !['agent_id', 'role', 'input.agent_id', 'output_schema'].includes(field) &&
      !field.startsWith('conditions.') &&
      !field.startsWith('input.sources'),
  );
  return (
    <section
      aria-labelledby={`step-${index}-title`}
      className="flex flex-col gap-3 rounded-lg border border-border bg-surface-raised p-4"
      data-testid={`step-${index}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`step-${index}-title`} className="font-semibold">
          {t('teams.stepTitle', { number: index + 1, role: step.role || '…' })}
        </h3>
        <div className="flex gap-1">
          <Button
            size="sm"
            variant="ghost"
            disabled={index === 0}
            onClick={() => onMove(index, -1)}
            aria-label={t('teams.moveUp', { number: index + 1 })}
          >
            ↑
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={last}
            onClick={() => onMove(index, 1)}
            aria-label={t('teams.moveDown', { number: index + 1 })}
          >
            ↓
          </Button>
          <Button
            icon={Trash2}
            size="sm"
            variant="ghost"
            onClick={() => onRemove(index)}
            aria-label={t('teams.removeStep', { number: index + 1 })}
          >
            {t('common.delete')}
          </Button>
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t('teams.agent')} error={errors.get('agent_id')} required>
          <SelectMenu
            value={step.agent_id}
            onChange={(event) => onChange({ ...step, agent_id: event.target.value })}
          >
            {agents.some((agent) => agent.id === step.agent_id) ? null : (
              <option value={step.agent_id}>{t('teams.unknownAgent')}</option>
            )}
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </SelectMenu>
        </Field>
        <Field label={t('teams.role')} error={errors.get('role')} required>
          <Input
            value={step.role}
            placeholder={t('teams.rolePlaceholder')}
            onChange={(event) => onChange({ ...step, role: event.target.value })}
          />
        </Field>
        <Field label={t('teams.inputSource')}>
          <SelectMenu
            value={input.source}
            onChange={(event) => {
              const source = event.target.value as WorkflowInput['source'];
              const first = earlier[0]?.agent_id;
              if (source === 'initial_prompt') setInput({ source });
              else if (source === 'agent_result' && first) setInput({ source, agent_id: first });
              else if (source === 'combined')
                setInput({
                  source,
                  sources: [
                    { type: 'initial_prompt' },
                    ...earlier.map((other) => ({ type: 'agent_result' as const, agent_id: other.agent_id })),
                  ],
                });
            }}
          >
            <option value="initial_prompt">{t('teams.source.initial_prompt')}</option>
            <option value="agent_result" disabled={earlier.length === 0}>
              {t('teams.source.agent_result')}
            </option>
            <option value="combined">{t('teams.source.combined')}</option>
          </SelectMenu>
        </Field>
        {input.source === 'agent_result' ? (
          <Field label={t('teams.fromStep')} error={errors.get('input.agent_id')}>
            <SelectMenu
              value={input.agent_id}
              onChange={(event) => setInput({ source: 'agent_result', agent_id: event.target.value })}
            >
              {earlier.some((other) => other.agent_id === input.agent_id) ? null : (
                <option value={input.agent_id}>{t('teams.unknownAgent')}</option>
              )}
              {earlier.map((other) => (
                <option key={other.agent_id} value={other.agent_id}>
                  {earlierLabel(other)}
                </option>
              ))}
            </SelectMenu>
          </Field>
        ) : null}
      </div>
      {input.source === 'combined' ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">{t('teams.combinedSources')}</legend>
          {[
            { key: 'initial_prompt', label: t('teams.initialPrompt') },
            ...earlier.map((other) => ({ key: other.agent_id, label: earlierLabel(other) })),
          ].map((option) => {
            const checked = input.sources.some((part) =>
              part.type === 'initial_prompt' ? option.key === 'initial_prompt' : part.agent_id === option.key,
            );
            return (
              <label key={option.key} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => {
                    const without = input.sources.filter((part) =>
                      part.type === 'initial_prompt'
                        ? option.key !== 'initial_prompt'
                        : part.agent_id !== option.key,
                    );
                    const added =
                      option.key === 'initial_prompt'
                        ? { type: 'initial_prompt' as const }
                        : { type: 'agent_result' as const, agent_id: option.key };
                    setInput({ source: 'combined', sources: checked ? without : [...input.sources, added] });
                  }}
                />
                {option.label}
              </label>
            );
          })}
          {[...errors.entries()]
            .filter(([field]) => field.startsWith('input.sources'))
            .map(([field, message]) => (
              <p key={field} role="alert" className="text-sm text-danger">
                {message}
              </p>
            ))}
        </fieldset>
      ) : null}
      <OutputSchemaField
        schema={step.output_schema}
        agentId={step.agent_id}
        serverError={errors.get('output_schema')}
        onChange={setOutputSchema}
      />
      {type === 'conditional' ? (
        <div className="flex flex-col gap-2">
          <h4 className="text-sm font-medium">{t('teams.conditions')}</h4>
          {(step.conditions ?? []).length === 0 ? (
            <p className="text-sm text-text-muted">{t('teams.noConditions')}</p>
          ) : null}
          {(step.conditions ?? []).map((condition, position) => (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: a condition is its position in the list
              key={position}
              earlier={earlier}
              position={position}
              condition={condition}
              agentNames={agentNames}
              fieldError={errors.get(`conditions.${position}.field`)}
              operatorError={errors.get(`conditions.${position}.operator`)}
              valueError={errors.get(`conditions.${position}.value`)}
              onChange={changeCondition}
              onRemove={removeCondition}
            />
          ))}
          <div>
            <Button
              size="sm"
              variant="secondary"
              disabled={index === 0}
              onClick={() =>
                onChange({
                  ...step,
                  conditions: [
                    ...(step.conditions ?? []),
                    {
                      // The first field of the first step's output schema, else the seed's `category`.
                      field: `agent_${earlier[0]?.agent_id ?? ''}_result.${outputProperties(earlier[0])[0] ?? 'category'}`,
                      operator: 'equals',
                      value: '',
                    },
                  ],
                })
              }
            >
              {t('teams.addCondition')}
            </Button>
          </div>
        </div>
      ) : null}
      {otherErrors.map(([field, message]) => (
        <p key={field} role="alert" className="text-sm text-danger">
          {message}
        </p>
      ))}
    </section>
  );
}, sameStepProps);
