import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';

/**
 * Erases a contact (`DELETE /v1/contacts/{id}`: their conversations, messages, runs and memories in this
 * company) once the person typed the confirmation word; the button stays disabled until then.
 */
export function EraseContactDialog({
  contactId,
  name,
  open,
  onOpenChange,
}: {
  contactId: string;
  name: string;
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const word = t('contacts.eraseWord');
  const confirmed = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();
  const erase = useMutation({
    mutationFn: () => client.contacts.delete(contactId),
    onSuccess: async () => {
      onOpenChange(false);
      toast({ title: t('contacts.erased'), tone: 'success' });
      queryClient.removeQueries({ queryKey: ['contacts', 'detail', contactId] });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      await navigate({ to: '/contacts' });
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setTyped('');
        onOpenChange(next);
      }}
      title={t('contacts.eraseTitle', { name })}
      description={t('contacts.eraseDescription')}
    >
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) erase.mutate();
        }}
      >
        <FormError message={erase.isError ? describeError(erase.error, t) : null} />
        <Field label={t('contacts.eraseType', { word })} required>
          <Input value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" />
        </Field>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
            {t('common.cancel')}
          </Button>
          <Button icon={Trash2} type="submit" variant="danger" disabled={!confirmed} busy={erase.isPending}>
            {t('contacts.eraseConfirm')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
