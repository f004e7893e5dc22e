import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Card } from '../../ui/card.tsx';
import { QueryState } from '../../ui/states.tsx';

/**
 * The platform admins who viewed this client (read-only, ADR 0040): who, until when and why, from the
 * client's own audit log. Owners and admins only (the log is theirs).
 */
export function SupportAccessCard() {
  const { formatDate } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const log = useQuery({
    queryKey: ['audit', 'view-as'],
    queryFn: ({ signal }) => api.audit.list({ action: 'admin.view_as', limit: 20 }, { signal }),
  });
  return (
    <Card title={tp('viewAs.access.title')} data-testid="support-access">
      <p className="mb-3 text-sm text-text-muted">{tp('viewAs.access.description')}</p>
      <QueryState query={log}>
        {(page) =>
          page.data.length === 0 ? (
            <p className="text-sm">{tp('viewAs.access.none')}</p>
          ) : (
            <ul className="flex flex-col gap-2 text-sm">
              {page.data.map((entry) => {
                const admin = entry.actor_email ?? String(entry.data.admin_email ?? '');
                return (
                  <li key={entry.id}>
                    <span className="text-text-muted">{formatDate(entry.created_at)} · </span>
                    {entry.action === 'admin.view_as.start'
                      ? tp('viewAs.access.entry', {
                          admin,
                          until: formatDate(String(entry.data.expires_at)),
                          reason: String(entry.data.reason ?? ''),
                        })
                      : tp('viewAs.access.ended', { admin, when: formatDate(entry.created_at) })}
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
