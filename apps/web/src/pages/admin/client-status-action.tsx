import type { Client } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { useToast } from '../../ui/toast.tsx';
import { ReasonDialog } from './reason-dialog.tsx';

/** Suspends an active client or reactivates a suspended one, asking for the reason the audit keeps. */
export function ClientStatusAction({ client }: { client: Client }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const suspending = client.status === 'active';
  const change = useMutation({
    mutationFn: (reason: string) =>
      suspending
        ? api.admin.clients.suspend(client.id, reason)
        : api.admin.clients.reactivate(client.id, reason),
    onSuccess: (changed) => {
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
      toast({
        title: t('admin.client.statusChanged', { status: t(`admin.status.${changed.status}`) }),
        tone: 'success',
      });
      setOpen(false);
    },
  });
  const label = suspending ? t('admin.client.suspend') : t('admin.client.reactivate');
  const variant = suspending ? 'danger' : 'primary';
  return (
    <ReasonDialog
      trigger={{ label, variant }}
      title={t(suspending ? 'admin.client.suspendTitle' : 'admin.client.reactivateTitle', {
        name: client.name,
      })}
      description={t(suspending ? 'admin.client.suspendDescription' : 'admin.client.reactivateDescription')}
      reasonLabel={t('admin.client.reason')}
      submit={{ label, variant }}
      action={{
        run: (reason) => change.mutate(reason),
        reset: () => change.reset(),
        error: change.error,
        busy: change.isPending,
      }}
      open={open}
      onOpenChange={setOpen}
    />
  );
}
