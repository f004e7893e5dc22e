import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { ChatPanel } from '../playground/chat-panel.tsx';

/**
 * The sandbox: a conversation with the draft, beside the steps, so each change can be tried at once
 * (every turn reads the agent as last saved). "New conversation" starts over without the old context.
 */
export function SandboxPanel({ agentId }: { agentId: string }) {
  const { t } = useI18n();
  const client = useApi();
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await client.conversations.create(agentId, { title: t('wizard.sandbox.title') });
      setConversationId(created.id);
    } catch (failure) {
      setError(describeError(failure, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="wizard-sandbox-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="wizard-sandbox-title" className="text-sm font-semibold text-text-muted">
          {t('wizard.sandbox.title')}
        </h2>
        {conversationId ? (
          <Button variant="ghost" size="sm" onClick={() => void open()} busy={busy}>
            {t('wizard.sandbox.restart')}
          </Button>
        ) : null}
      </div>
      {conversationId ? (
        <ChatPanel key={conversationId} conversationId={conversationId} />
      ) : (
        <Card>
          <p className="mb-3 text-sm text-text-muted">{t('wizard.sandbox.help')}</p>
          {error ? (
            <p role="alert" className="mb-3 text-sm text-danger">
              {error}
            </p>
          ) : null}
          <Button variant="secondary" onClick={() => void open()} busy={busy}>
            {t('wizard.sandbox.start')}
          </Button>
        </Card>
      )}
    </section>
  );
}
