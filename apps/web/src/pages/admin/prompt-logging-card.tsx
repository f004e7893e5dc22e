import type { Client } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from './form-error.tsx';

/** Whether the client's prompts are logged now: its switch holds a moment still to come (ADR 0067). */
export function promptLoggingActive(client: Pick<Client, 'prompt_logging_until'>, now = Date.now()): boolean {
  return client.prompt_logging_until !== null && Date.parse(client.prompt_logging_until) > now;
}

/** The dialog that turns prompt logging on: minutes (1 to 1,440, default 60) and the reason. */
function TurnOnDialog(props: {
  client: Client;
  open: boolean;
  onOpenChange(open: boolean): void;
  mutation: {
    mutate(input: { minutes: number; reason: string }): void;
    error: unknown;
    isPending: boolean;
  };
}) {
  const t = useViewAsPagesT();
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  return (
    <Dialog
      open={props.open}
      onOpenChange={props.onOpenChange}
      title={t('promptLogging.dialogTitle', { name: props.client.name })}
      description={t('promptLogging.dialogDescription')}
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          props.mutation.mutate({ minutes: Number(minutes), reason });
        }}
      >
        <Field label={t('promptLogging.minutes')} required>
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            step={1}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
            required
          />
        </Field>
        <Field label={t('promptLogging.reason')} required>
          <Textarea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            required
            maxLength={500}
          />
        </Field>
        <FormError error={props.mutation.error} />
        <Button type="submit" busy={props.mutation.isPending} disabled={!reason.trim() || !minutes}>
          {t('promptLogging.turnOn')}
        </Button>
      </form>
    </Dialog>
  );
}

/**
 * A client's prompt logging in the console (ADR 0067): off or on until when, turned on for some minutes
 * with a reason (both kept in the client's audit log), or off before its time runs out.
 */
export function PromptLoggingCard({ client }: { client: Client }) {
  const { formatDate } = useI18n();
  const t = useViewAsPagesT();
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const active = promptLoggingActive(client);
  const changed = (answer: Client) => {
    void queryClient.invalidateQueries({ queryKey: ['admin'] });
    toast({
      title: answer.prompt_logging_until
        ? t('promptLogging.turnedOn', { time: formatDate(answer.prompt_logging_until) })
        : t('promptLogging.turnedOff'),
      tone: 'success',
    });
  };
  // Through the SDK's transport, not a method of its own: the SDK is in the first load, which is at its
  // budget (ADR 0036), and only this lazily loaded page calls these two routes.
  const path = `/v1/admin/clients/${encodeURIComponent(client.id)}/prompt-logging`;
  const turnOn = useMutation({
    mutationFn: (input: { minutes: number; reason: string }) =>
      api.transport.json<Client>({ method: 'POST', path, body: input }),
    onSuccess: (answer) => {
      changed(answer);
      setOpen(false);
    },
  });
  const turnOff = useMutation({
    mutationFn: () => api.transport.json<Client>({ method: 'DELETE', path }),
    onSuccess: changed,
  });
  return (
    <Card title={t('promptLogging.title')} data-testid="prompt-logging">
      <p className="mb-3 text-sm text-text-muted">{t('promptLogging.description')}</p>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={active ? 'warning' : 'neutral'}>
          {active && client.prompt_logging_until
            ? t('promptLogging.onUntil', { time: formatDate(client.prompt_logging_until) })
            : t('promptLogging.off')}
        </Badge>
        <Button
          variant="secondary"
          onClick={() => {
            turnOn.reset();
            setOpen(true);
          }}
        >
          {active ? t('promptLogging.newEnd') : t('promptLogging.turnOn')}
        </Button>
        {active ? (
          <Button variant="danger" busy={turnOff.isPending} onClick={() => turnOff.mutate()}>
            {t('promptLogging.turnOff')}
          </Button>
        ) : null}
      </div>
      <FormError error={turnOff.error} className="mt-2" />
      <TurnOnDialog client={client} open={open} onOpenChange={setOpen} mutation={turnOn} />
    </Card>
  );
}
