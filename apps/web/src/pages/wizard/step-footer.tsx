import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button } from '../../ui/button.tsx';
import { FormError } from '../auth/form-error.tsx';

/** What every step gets from the wizard page. */
export interface StepNavigation {
  /** Absent on the first step. */
  onBack?: (() => void) | undefined;
  /** Called once the step is saved. */
  onNext: () => void;
  /** The label of the forward button (Next, or Review and publish on the last step). */
  nextLabel?: string | undefined;
}

/**
 * A step's form: its fields, its error and Back / Next. Next (or Enter) saves the step first and goes
 * on only when the save succeeded, so a step with field errors keeps the person on it.
 */
export function StepForm({
  title,
  children,
  formError,
  flush,
  navigation,
}: {
  title: string;
  children: ReactNode;
  formError: string | null;
  flush: () => Promise<boolean>;
  navigation: StepNavigation;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      if (await flush()) navigation.onNext();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={submit} aria-labelledby="wizard-step-title" className="flex flex-col gap-4">
      <h2 id="wizard-step-title" className="text-lg font-semibold">
        {title}
      </h2>
      <FormError message={formError} />
      {children}
      <div className="flex flex-wrap justify-between gap-2 border-t border-border pt-4">
        {navigation.onBack ? (
          <Button variant="secondary" onClick={navigation.onBack}>
            {t('wizard.back')}
          </Button>
        ) : (
          <span />
        )}
        <Button type="submit" busy={busy}>
          {navigation.nextLabel ?? t('wizard.next')}
        </Button>
      </div>
    </form>
  );
}
