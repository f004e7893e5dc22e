import type { WsServerFrame } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRealtime } from '../../lib/realtime.tsx';
import { useApi } from '../../lib/web-api.tsx';

/** The people of the client online or away now (same client only: the server never tells another's). */
export function PresenceBar() {
  const { t } = useI18n();
  const client = useApi();
  const connection = useRealtime();
  const [online, setOnline] = useState<string[]>(() => connection.online());
  const members = useQuery({
    queryKey: ['members'],
    queryFn: () => client.members.list(),
  });
  useEffect(() => {
    setOnline(connection.online());
    return connection.on((frame: WsServerFrame) => {
      if (frame.type === 'presence' || frame.type === 'connected') setOnline(connection.online());
    });
  }, [connection]);
  const names = new Map((members.data?.data ?? []).map((member) => [member.user_id, member.name]));
  return (
    <section aria-label={t('inbox.online')} className="mb-4 flex flex-wrap items-center gap-2 text-sm">
      <span className="text-text-muted">{t('inbox.online')}:</span>
      <ul className="flex flex-wrap gap-2" data-testid="presence">
        {online.map((userId) => {
          const away = connection.presenceOf(userId) === 'away';
          return (
            <li
              key={userId}
              data-status={away ? 'away' : 'online'}
              className="flex items-center gap-1 rounded-full bg-surface-muted px-2 py-0.5"
            >
              <span
                aria-hidden="true"
                className={
                  away ? 'h-2 w-2 rounded-full border border-warning' : 'h-2 w-2 rounded-full bg-success'
                }
              />
              {names.get(userId) ?? t('inbox.someone')}
              {away ? <span className="text-xs text-text-muted">({t('presence.away')})</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
