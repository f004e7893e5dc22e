import { type WizardLanguage, type WizardStep2, wizardStep2Schema, wizardToneNames } from '@renum/contracts';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { StepForm, type StepNavigation } from './step-footer.tsx';
import { useStepForm } from './use-step-form.ts';

/** Step 2: personality and tone, from which the server writes the system prompt. */
export function StepPersonality({
  initial,
  defaultLanguage,
  save,
  navigation,
}: {
  initial: WizardStep2 | undefined;
  defaultLanguage: WizardLanguage;
  save: (body: WizardStep2) => Promise<unknown>;
  navigation: StepNavigation;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState({
    personality: initial?.personality.join(', ') ?? '',
    tone: initial?.tone ?? 'friendly',
    language: initial?.language ?? defaultLanguage,
    instructions: initial?.instructions ?? '',
  });
  const body = {
    personality: values.personality
      .split(',')
      .map((trait) => trait.trim())
      .filter(Boolean),
    tone: values.tone,
    language: values.language,
    instructions: values.instructions.trim() || undefined,
  };
  const form = useStepForm({ schema: wizardStep2Schema, body, saved: initial !== undefined, save });
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [key]: event.target.value }));
  return (
    <StepForm
      title={t('wizard.step2.title')}
      formError={form.formError}
      flush={form.flush}
      navigation={navigation}
    >
      <Field
        label={t('wizard.step2.personality')}
        hint={t('wizard.step2.personalityHint')}
        error={form.errors.personality}
        required
      >
        <Input value={values.personality} onChange={set('personality')} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('wizard.step2.tone')} error={form.errors.tone} required>
          <SelectMenu value={values.tone} onChange={set('tone')}>
            {wizardToneNames.map((tone) => (
              <option key={tone} value={tone}>
                {t(`wizard.tone.${tone}`)}
              </option>
            ))}
          </SelectMenu>
        </Field>
        <Field label={t('wizard.step2.language')} error={form.errors.language}>
          <SelectMenu value={values.language} onChange={set('language')}>
            <option value="en">English</option>
            <option value="pt-BR">Português (Brasil)</option>
          </SelectMenu>
        </Field>
      </div>
      <Field
        label={t('wizard.step2.instructions')}
        hint={t('wizard.step2.instructionsHint')}
        error={form.errors.instructions}
      >
        <Textarea value={values.instructions} onChange={set('instructions')} rows={4} maxLength={4000} />
      </Field>
    </StepForm>
  );
}
