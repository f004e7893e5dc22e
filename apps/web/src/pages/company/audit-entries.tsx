import type { ClientAuditEntry } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { QueryState } from '../../ui/states.tsx';

/**
 * The client's own audit entries of one kind of platform-admin action (`action` and its sub-actions), the
 * latest 20, each dated and told in words by `describe`; `empty` when there are none.
 */
export function AuditEntries(props: {
  action: string;
  describe: (entry: ClientAuditEntry) => ReactNode;
  empty?: ReactNode;
}) {
  const { formatDate } = useI18n();
  const api = useApi();
  const log = useQuery({
    queryKey: ['audit', props.action],
    queryFn: ({ signal }) => api.audit.list({ action: props.action, limit: 20 }, { signal }),
  });
  return (
    <QueryState query={log}>
      {(page) =>
        page.data.length === 0 ? (
          (props.empty ?? null)
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {page.data.map((entry) => (
              <li key={entry.id}>
                <span className="text-text-muted">{formatDate(entry.created_at)} · </span>
                {props.describe(entry)}
              </li>
            ))}
          </ul>
        )
      }
    </QueryState>
  );
}
