import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from './form-error.tsx';

/** Creates a client and, with an email, invites its owner (the link is shown once to pass on). */
export function CreateClientDialog() {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () => {
      const client = await api.admin.clients.create({ name });
      const invitation = email ? await api.admin.clients.inviteOwner(client.id, email) : null;
      return { client, invitation };
    },
    onSuccess: ({ client, invitation }) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'clients'] });
      toast({ title: t('admin.clients.created', { name: client.name }), tone: 'success' });
      if (invitation) setLink(invitation.accept_url);
      else setOpen(false);
    },
  });
  return (
    <>
      <Button
        onClick={() => {
          setName('');
          setEmail('');
          setLink(null);
          create.reset();
          setOpen(true);
        }}
      >
        {t('admin.clients.create')}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t('admin.clients.create')}
        description={t('admin.clients.createDescription')}
      >
        {link ? (
          <p className="break-all text-sm" role="status">
            {t('admin.clients.invitationLink', { url: link })}
          </p>
        ) : (
          <form
            className="flex flex-col gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate();
            }}
          >
            <Field label={t('admin.clients.name')} required>
              <Input
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
                maxLength={200}
              />
            </Field>
            <Field label={t('admin.clients.ownerEmail')}>
              <Input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
            </Field>
            <FormError error={create.error} />
            <Button type="submit" busy={create.isPending} disabled={!name.trim()}>
              {t('admin.clients.create')}
            </Button>
          </form>
        )}
      </Dialog>
    </>
  );
}
