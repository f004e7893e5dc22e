import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { Card } from '../../ui/card.tsx';
import { AuditEntries } from './audit-entries.tsx';

/**
 * The platform admins who viewed this client (read-only, ADR 0040): who, until when and why, from the
 * client's own audit log. Owners and admins only (the log is theirs).
 */
export function SupportAccessCard() {
  const { formatDate } = useI18n();
  const tp = useViewAsPagesT();
  return (
    <Card title={tp('viewAs.access.title')} data-testid="support-access">
      <p className="mb-3 text-sm text-text-muted">{tp('viewAs.access.description')}</p>
      <AuditEntries
        action="admin.view_as"
        empty={<p className="text-sm">{tp('viewAs.access.none')}</p>}
        describe={(entry) => {
          const admin = entry.actor_email ?? String(entry.data.admin_email ?? '');
          return entry.action === 'admin.view_as.start'
            ? tp('viewAs.access.entry', {
                admin,
                until: formatDate(String(entry.data.expires_at)),
                reason: String(entry.data.reason ?? ''),
              })
            : tp('viewAs.access.ended', { admin, when: formatDate(entry.created_at) });
        }}
      />
    </Card>
  );
}
