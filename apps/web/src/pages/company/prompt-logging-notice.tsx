import { useQuery } from '@tanstack/react-query';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Card } from '../../ui/card.tsx';
import { QueryState } from '../../ui/states.tsx';

/**
 * Whether a platform admin has this client's prompts logged for debugging (ADR 0067), read-only: off, or
 * on until when, and who turned it on or off and why, from the client's own audit log. Owners and admins.
 */
export function PromptLoggingNotice() {
  const { formatDate } = useI18n();
  const t = useViewAsPagesT();
  const { me } = useAuth();
  const api = useApi();
  const until = me?.client?.prompt_logging_until ?? null;
  const on = until !== null && Date.parse(until) > Date.now();
  const log = useQuery({
    queryKey: ['audit', 'prompt-logging'],
    queryFn: ({ signal }) =>
      api.audit.list({ action: 'admin.clients.prompt_logging', limit: 20 }, { signal }),
  });
  return (
    <Card title={t('promptLogging.client.title')} data-testid="prompt-logging-notice">
      <p className="mb-3 text-sm" data-testid="prompt-logging-state">
        {on && until
          ? t('promptLogging.client.on', { time: formatDate(until) })
          : t('promptLogging.client.off')}
      </p>
      <QueryState query={log}>
        {(page) =>
          page.data.length === 0 ? null : (
            <ul className="flex flex-col gap-2 text-sm">
              {page.data.map((entry) => {
                const admin = entry.actor_email ?? '';
                return (
                  <li key={entry.id}>
                    <span className="text-text-muted">{formatDate(entry.created_at)} · </span>
                    {entry.action === 'admin.clients.prompt_logging.on'
                      ? t('promptLogging.client.entryOn', {
                          admin,
                          until: formatDate(String(entry.data.until)),
                          reason: String(entry.data.reason ?? ''),
                        })
                      : t('promptLogging.client.entryOff', { admin })}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </Card>
  );
}
