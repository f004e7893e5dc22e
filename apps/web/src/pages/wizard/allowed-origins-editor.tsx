import { type Agent, originSchema } from '@renum/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';

const linesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * The sites allowed to embed an agent's widget (`allowed_origins`, ADR 0046), one origin per line,
 * saved at once with `PATCH /v1/agents/{id}`: the server refuses the widget on any other site.
 */
export function AllowedOriginsEditor({ agent, onSaved }: { agent: Agent; onSaved?: (agent: Agent) => void }) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState(agent.allowed_origins.join('\n'));
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const origins = linesOf(text);
    const invalid = origins.find((origin) => !originSchema.safeParse(origin).success);
    setSaved(false);
    if (invalid) {
      setError(t('wizard.origins.invalid', { origin: invalid }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const updated = await client.agents.update(agent.id, { allowed_origins: origins });
      setText(updated.allowed_origins.join('\n'));
      setSaved(true);
      onSaved?.(updated);
      await queryClient.invalidateQueries({ queryKey: ['agents'] });
    } catch (failure) {
      setError(describeError(failure, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-2">
      <Field label={t('wizard.step4.origins')} hint={t('wizard.origins.hint')} error={error}>
        <Textarea
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
          rows={3}
          className="font-mono text-xs"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" size="sm" busy={busy} onClick={() => void save()}>
          {t('wizard.origins.save')}
        </Button>
        <p role="status" className="text-sm text-text-muted">
          {saved ? t('wizard.origins.saved') : ''}
        </p>
      </div>
    </div>
  );
}
