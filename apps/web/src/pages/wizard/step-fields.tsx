import { type WizardStep3, wizardStep3Schema } from '@renum/contracts';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { StepForm, type StepNavigation } from './step-footer.tsx';
import { useStepForm } from './use-step-form.ts';

interface FieldRow {
  /** Local identity of the row (React key), never sent. */
  id: number;
  key: string;
  label: string;
  value: string;
}

let nextRowId = 0;
const newRow = (field: { key: string; label: string; value: string }): FieldRow => ({
  id: nextRowId++,
  ...field,
});

/** A variable key from a label: "Horário de atendimento" → "horario_de_atendimento". */
export function keyOfLabel(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
  return key;
}

/** Step 3: custom fields (opening hours, address...), which the prompt uses as `{{config.<key>}}`. */
export function StepFields({
  initial,
  save,
  navigation,
}: {
  initial: WizardStep3 | undefined;
  save: (body: WizardStep3) => Promise<unknown>;
  navigation: StepNavigation;
}) {
  const { t } = useI18n();
  const [rows, setRows] = useState<FieldRow[]>(() => (initial?.fields ?? []).map(newRow));
  const form = useStepForm({
    schema: wizardStep3Schema,
    body: { fields: rows.map(({ id: _id, ...field }) => field) },
    saved: initial !== undefined,
    save,
  });
  const update = (index: number, patch: Partial<FieldRow>) =>
    setRows((current) => current.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <StepForm
      title={t('wizard.step3.title')}
      formError={form.formError}
      flush={form.flush}
      navigation={navigation}
    >
      <p className="text-sm text-text-muted">{t('wizard.step3.help')}</p>
      {form.errors.fields ? (
        <p role="alert" className="text-sm text-danger">
          {form.errors.fields}
        </p>
      ) : null}
      <ul className="flex flex-col gap-4">
        {rows.map((row, index) => (
          <li
            key={row.id}
            className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-[1fr_1fr_auto]"
          >
            <Field label={t('wizard.step3.label')} error={form.errors[`fields.${index}.label`]} required>
              <Input
                value={row.label}
                onChange={(event) => update(index, { label: event.target.value })}
                onBlur={() => (row.key === '' ? update(index, { key: keyOfLabel(row.label) }) : undefined)}
              />
            </Field>
            <Field label={t('wizard.step3.value')} error={form.errors[`fields.${index}.value`]} required>
              <Input value={row.value} onChange={(event) => update(index, { value: event.target.value })} />
            </Field>
            <div className="flex items-end">
              <Button
                variant="ghost"
                aria-label={t('wizard.step3.remove', { label: row.label || String(index + 1) })}
                onClick={() => setRows((current) => current.filter((_, at) => at !== index))}
              >
                {t('wizard.step3.removeShort')}
              </Button>
            </div>
            <Field
              className="sm:col-span-3"
              label={t('wizard.step3.key')}
              hint={t('wizard.step3.keyHint', { variable: `{{config.${row.key || 'key'}}}` })}
              error={form.errors[`fields.${index}.key`]}
              required
            >
              <Input value={row.key} onChange={(event) => update(index, { key: event.target.value })} />
            </Field>
          </li>
        ))}
      </ul>
      <div>
        <Button
          variant="secondary"
          onClick={() => setRows((current) => [...current, newRow({ key: '', label: '', value: '' })])}
        >
          {t('wizard.step3.add')}
        </Button>
      </div>
    </StepForm>
  );
}
