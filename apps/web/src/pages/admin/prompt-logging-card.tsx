import { type Client, isPromptLoggingOn } from '@renum/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useViewAsPagesT } from '../../i18n/viewas-pages.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from './form-error.tsx';
import { ReasonDialog } from './reason-dialog.tsx';

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
  const [minutes, setMinutes] = useState('60');
  const active = isPromptLoggingOn(client.prompt_logging_until, Date.now());
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
        <ReasonDialog
          trigger={{
            label: active ? t('promptLogging.newEnd') : t('promptLogging.turnOn'),
            variant: 'secondary',
          }}
          title={t('promptLogging.dialogTitle', { name: client.name })}
          description={t('promptLogging.dialogDescription')}
          reasonLabel={t('promptLogging.reason')}
          submit={{ label: t('promptLogging.turnOn') }}
          action={{
            run: (reason) => turnOn.mutate({ minutes: Number(minutes), reason }),
            reset: turnOn.reset,
            error: turnOn.error,
            busy: turnOn.isPending,
          }}
          open={open}
          onOpenChange={setOpen}
          ready={minutes !== ''}
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
        </ReasonDialog>
        {active ? (
          <Button variant="danger" busy={turnOff.isPending} onClick={() => turnOff.mutate()}>
            {t('promptLogging.turnOff')}
          </Button>
        ) : null}
      </div>
      <FormError error={turnOff.error} className="mt-2" />
    </Card>
  );
}
