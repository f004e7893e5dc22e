import type { Client } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { describeError } from '../../lib/describe-error.ts';
import { enterViewAs } from '../../lib/view-as-session.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';

/** Starts a read-only, audited, 30-minute view of the client, asking why (its owner will see it). */
export function ViewAsAction({ client }: { client: Client }) {
  const { t } = useI18n();
  const tp = useViewAsPagesT();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const start = useMutation({
    mutationFn: () => api.admin.viewAs.start(client.id, reason),
    onSuccess: (grant) => enterViewAs(grant),
  });
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setReason('');
          start.reset();
          setOpen(true);
        }}
      >
        {t('viewAs.button')}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={tp('viewAs.title', { name: client.name })}
        description={tp('viewAs.description')}
      >
        <form
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <Field label={tp('viewAs.reason')} required>
            <Textarea
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              maxLength={500}
            />
          </Field>
          {start.error ? (
            <p role="alert" className="text-sm text-danger">
              {describeError(start.error, t)}
            </p>
          ) : null}
          <Button type="submit" busy={start.isPending || start.isSuccess} disabled={!reason.trim()}>
            {tp('viewAs.start')}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
