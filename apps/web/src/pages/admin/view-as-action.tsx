import type { Client } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { enterViewAs } from '../../lib/view-as-session.ts';
import { useApi } from '../../lib/web-api.tsx';
import { ReasonDialog } from './reason-dialog.tsx';

/** Starts a read-only, audited, 30-minute view of the client, asking why (its owner will see it). */
export function ViewAsAction({ client }: { client: Client }) {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const start = useMutation({
    mutationFn: (reason: string) => api.admin.viewAs.start(client.id, reason),
    onSuccess: (grant) => enterViewAs(grant),
  });
  return (
    <ReasonDialog
      trigger={{ label: t('viewAs.button'), variant: 'secondary' }}
      title={tp('viewAs.title', { name: client.name })}
      description={tp('viewAs.description')}
      reasonLabel={tp('viewAs.reason')}
      submit={{ label: tp('viewAs.start') }}
      action={{
        run: (reason) => start.mutate(reason),
        reset: () => start.reset(),
        error: start.error,
        // Held after success too: the page is about to switch to the client's view.
        busy: start.isPending || start.isSuccess,
      }}
      open={open}
      onOpenChange={setOpen}
    />
  );
}
