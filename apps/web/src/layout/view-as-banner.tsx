import { RenumApiError } from '@renum/sdk';
import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth/auth.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { restoreAdminSession } from '../lib/view-as-session.ts';
import { useApi } from '../lib/web-api.tsx';
import { Button } from '../ui/button.tsx';

/**
 * Across the builder while a platform admin views a client: who, read-only, when it ends, and Exit;
 * it stays in sight above the sticky header (one line, 2.5rem, from md up, which the sidebar's offset assumes).
 * Exit (or the end of the 30 minutes) puts the admin's session back, ends the view on the server
 * (audited in the client's log) and returns to the client's page in the console.
 */
export function ViewAsBanner() {
  const { me } = useAuth();
  const { t, formatDate } = useI18n();
  const api = useApi();
  const [leaving, setLeaving] = useState(false);
  const viewAs = me?.view_as ?? null;
  const exit = useCallback(async () => {
    setLeaving(true);
    const left = restoreAdminSession();
    if (left) {
      try {
        await api.admin.viewAs.end(left.sessionId);
      } catch (error) {
        // Already ended or expired on the server: nothing left to end.
        if (!(RenumApiError.isInstance(error) && error.code === 'NOT_FOUND')) console.error(error);
      }
    }
    globalThis.location.assign(left ? `/admin/clients/${left.clientId}` : '/admin');
  }, [api]);
  useEffect(() => {
    if (!viewAs) return;
    const remaining = Date.parse(viewAs.expires_at) - Date.now();
    const timer = setTimeout(() => void exit(), Math.max(0, remaining));
    return () => clearTimeout(timer);
  }, [viewAs, exit]);
  if (!viewAs) return null;
  return (
    <section aria-label={t('viewAs.button')} className="bg-surface" data-testid="view-as-banner">
      {/* The tint over an opaque surface: the page must not show through while it scrolls beneath. */}
      <div className="flex flex-wrap items-center gap-3 border-b border-warning bg-warning/15 px-4 py-2 text-sm text-text md:h-10 md:flex-nowrap md:py-0">
        <p className="font-medium md:truncate">
          {t('viewAs.banner', {
            name: me?.client?.name ?? '',
            time: formatDate(viewAs.expires_at, { timeStyle: 'short' }),
          })}
        </p>
        <Button size="sm" variant="secondary" busy={leaving} onClick={() => void exit()} className="ml-auto">
          {t('viewAs.exit')}
        </Button>
      </div>
    </section>
  );
}
