import { type WizardStep1, wizardStep1Schema, wizardTemplateNames } from '@renum/contracts';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { StepForm, type StepNavigation } from './step-footer.tsx';
import { useStepForm } from './use-step-form.ts';

/** Step 1: the agent's name, template and niche. */
export function StepBasics({
  initial,
  save,
  navigation,
}: {
  initial: WizardStep1 | undefined;
  save: (body: WizardStep1) => Promise<unknown>;
  navigation: StepNavigation;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState({
    name: initial?.name ?? '',
    template: initial?.template ?? 'customer_support',
    niche: initial?.niche ?? '',
    description: initial?.description ?? '',
  });
  const body = { ...values, description: values.description.trim() || undefined };
  const form = useStepForm({ schema: wizardStep1Schema, body, saved: initial !== undefined, save });
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));
  return (
    <StepForm
      title={t('wizard.step1.title')}
      formError={form.formError}
      flush={form.flush}
      navigation={navigation}
    >
      <Field label={t('wizard.step1.name')} error={form.errors.name} required>
        <Input value={values.name} onChange={set('name')} autoComplete="off" maxLength={200} />
      </Field>
      <Field label={t('wizard.step1.template')} error={form.errors.template} required>
        <SelectMenu value={values.template} onChange={set('template')}>
          {wizardTemplateNames.map((name) => (
            <option key={name} value={name}>
              {t(`wizard.template.${name}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      <Field
        label={t('wizard.step1.niche')}
        hint={t('wizard.step1.nicheHint')}
        error={form.errors.niche}
        required
      >
        <Input value={values.niche} onChange={set('niche')} maxLength={120} />
      </Field>
      <Field label={t('wizard.step1.description')} error={form.errors.description}>
        <Textarea value={values.description} onChange={set('description')} rows={2} maxLength={2000} />
      </Field>
    </StepForm>
  );
}
