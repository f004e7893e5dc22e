import { useNavigate } from '@tanstack/react-router';
import { Sparkles } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { useToast } from '../../ui/toast.tsx';

/** Starts the wizard (a draft in the builder's language) and opens its first step. */
export function StartWizardButton() {
  const { t, locale } = useI18n();
  const client = useApi();
  const navigate = useNavigate();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const state = await client.wizard.start({ language: locale });
      await navigate({
        to: '/agents/wizard/$agentId',
        params: { agentId: state.wizard_id },
        search: { step: 1 },
      });
    } catch (error) {
      toast({ title: describeError(error, t), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={Sparkles} onClick={() => void start()} busy={busy}>
      {t('wizard.create')}
    </Button>
  );
}
