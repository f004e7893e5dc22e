import type { Client } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';

/** Suspends an active client or reactivates a suspended one, asking for the reason the audit keeps. */
export function ClientStatusAction({ client }: { client: Client }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const suspending = client.status === 'active';
  const change = useMutation({
    mutationFn: () =>
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
  return (
    <>
      <Button
        variant={suspending ? 'danger' : 'primary'}
        onClick={() => {
          setReason('');
          change.reset();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t(suspending ? 'admin.client.suspendTitle' : 'admin.client.reactivateTitle', {
          name: client.name,
        })}
        description={t(suspending ? 'admin.client.suspendDescription' : 'admin.client.reactivateDescription')}
      >
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate();
          }}
        >
          <Field label={t('admin.client.reason')} required>
            <Textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              maxLength={500}
            />
          </Field>
          {change.error ? (
            <p role="alert" className="text-sm text-danger">
              {describeError(change.error, t)}
            </p>
          ) : null}
          <Button
            type="submit"
            variant={suspending ? 'danger' : 'primary'}
            busy={change.isPending}
            disabled={!reason.trim()}
          >
            {label}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
