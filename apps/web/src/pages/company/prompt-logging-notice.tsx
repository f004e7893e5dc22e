import { isPromptLoggingOn } from '@renum/contracts';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { Card } from '../../ui/card.tsx';
import { AuditEntries } from './audit-entries.tsx';

/**
 * Whether a platform admin has this client's prompts logged for debugging (ADR 0067), read-only: off, or
 * on until when, and who turned it on or off and why, from the client's own audit log. Owners and admins.
 */
export function PromptLoggingNotice() {
  const { formatDate } = useI18n();
  const t = useViewAsPagesT();
  const { me } = useAuth();
  const until = me?.client?.prompt_logging_until ?? null;
  const on = isPromptLoggingOn(until, Date.now());
  return (
    <Card title={t('promptLogging.client.title')} data-testid="prompt-logging-notice">
      <p className="mb-3 text-sm" data-testid="prompt-logging-state">
        {on && until
          ? t('promptLogging.client.on', { time: formatDate(until) })
          : t('promptLogging.client.off')}
      </p>
      <AuditEntries
        action="admin.clients.prompt_logging"
        describe={(entry) => {
          const admin = entry.actor_email ?? '';
          return entry.action === 'admin.clients.prompt_logging.on'
            ? t('promptLogging.client.entryOn', {
                admin,
                until: formatDate(String(entry.data.until)),
                reason: String(entry.data.reason ?? ''),
              })
            : t('promptLogging.client.entryOff', { admin });
        }}
      />
    </Card>
  );
}
