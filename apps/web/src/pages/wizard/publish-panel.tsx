import type { Publication, WizardState } from '@renum/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { FormError } from '../auth/form-error.tsx';
import { PublicationView } from './publication-view.tsx';

/** The last screen: what is missing, the Publish button, then the publication (link, QR, snippet). */
export function PublishPanel({
  state,
  publication,
  onBack,
}: {
  state: WizardState;
  publication: Publication | null;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const published = await client.wizard.publish(state.wizard_id);
      queryClient.setQueryData(['publication', state.wizard_id], published);
      await queryClient.invalidateQueries({ queryKey: ['wizard', state.wizard_id] });
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    } catch (failure) {
      setError(describeError(failure, t));
    } finally {
      setBusy(false);
    }
  };
  const active = state.agent.status === 'active';
  return (
    <div className="flex flex-col gap-4">
      <h2 id="wizard-step-title" className="text-lg font-semibold">
        {active ? t('wizard.publish.publishedTitle') : t('wizard.publish.title')}
      </h2>
      <FormError message={error} />
      {state.missing_steps.length > 0 ? (
        <p role="alert" className="text-sm text-danger">
          {t('wizard.publish.missing', { steps: state.missing_steps.join(', ') })}
        </p>
      ) : null}
      {active && publication ? <PublicationView publication={publication} /> : null}
      {!active ? (
        <Card>
          <p className="text-sm text-text-muted">{t('wizard.publish.help')}</p>
        </Card>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2 border-t border-border pt-4">
        <Button variant="secondary" onClick={onBack}>
          {t('wizard.back')}
        </Button>
        <Button onClick={() => void publish()} busy={busy} disabled={state.missing_steps.length > 0}>
          {active ? t('wizard.publish.again') : t('wizard.publish.button')}
        </Button>
      </div>
    </div>
  );
}
