import type { CreateSchedule } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { builderTiming, describeTiming, type ScheduleBuilderState } from './schedule-builder.ts';
import {
  initialTarget,
  ScheduleTargetFields,
  type TargetState,
  targetOf,
} from './schedule-target-fields.tsx';

const timezones = ['America/Sao_Paulo', 'America/Manaus', 'America/New_York', 'Europe/Lisbon', 'UTC'];

/**
 * The new-schedule form: name, target (an agent or a team with a prompt, or a built-in job), and the cron
 * builder with its description and next runs.
 */
export function ScheduleForm({ onSubmit }: { onSubmit: (input: CreateSchedule) => Promise<void> }) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const [name, setName] = useState('');
  const [targetState, setTargetState] = useState<TargetState>(initialTarget);
  const changeTarget = useCallback(
    (change: Partial<TargetState>) => setTargetState((current) => ({ ...current, ...change })),
    [],
  );
  const [timing, setTiming] = useState<ScheduleBuilderState>({
    frequency: 'daily',
    time: '18:00',
    minutes: 30,
    cron: '0 18 * * *',
    timezone: 'America/Sao_Paulo',
  });
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const apiTiming = builderTiming(timing);
  const preview = useQuery({
    queryKey: ['schedules', 'preview', apiTiming, timing.timezone],
    queryFn: () => client.schedules.preview({ ...apiTiming, timezone: timing.timezone }),
    retry: false,
  });
  const target = targetOf(targetState);
  const set = (change: Partial<ScheduleBuilderState>) => setTiming((current) => ({ ...current, ...change }));
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!target) return;
        setSaving(true);
        try {
          await onSubmit({ name, ...apiTiming, timezone: timing.timezone, target });
        } catch (failure) {
          setError(describeError(failure, t));
        } finally {
          setSaving(false);
        }
      }}
    >
      <Field label={t('schedules.name')} required>
        <Input value={name} required maxLength={200} onChange={(event) => setName(event.target.value)} />
      </Field>
      <ScheduleTargetFields value={targetState} onChange={changeTarget} />
      <fieldset className="flex flex-col gap-3 rounded-md border border-border p-3">
        <legend className="px-1 text-sm font-medium">{t('schedules.when')}</legend>
        <Field label={t('schedules.frequency')}>
          <SelectMenu
            value={timing.frequency}
            onChange={(event) => set({ frequency: event.target.value as ScheduleBuilderState['frequency'] })}
          >
            <option value="daily">{t('schedules.daily')}</option>
            <option value="weekdays">{t('schedules.weekdays')}</option>
            <option value="hourly">{t('schedules.hourly')}</option>
            <option value="interval">{t('schedules.interval')}</option>
            <option value="custom">{t('schedules.custom')}</option>
          </SelectMenu>
        </Field>
        {timing.frequency === 'daily' || timing.frequency === 'weekdays' ? (
          <Field label={t('schedules.time')}>
            <Input
              type="time"
              value={timing.time}
              required
              onChange={(event) => set({ time: event.target.value })}
            />
          </Field>
        ) : null}
        {timing.frequency === 'interval' ? (
          <Field label={t('schedules.minutes')}>
            <Input
              type="number"
              min={1}
              max={525600}
              value={timing.minutes}
              onChange={(event) => set({ minutes: Number(event.target.value) })}
            />
          </Field>
        ) : null}
        {timing.frequency === 'custom' ? (
          <Field label={t('schedules.cron')}>
            <Input
              className="font-mono"
              value={timing.cron}
              onChange={(event) => set({ cron: event.target.value })}
            />
          </Field>
        ) : null}
        <Field label={t('schedules.timezone')}>
          <SelectMenu value={timing.timezone} onChange={(event) => set({ timezone: event.target.value })}>
            {timezones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </SelectMenu>
        </Field>
        <p className="text-sm font-medium" aria-live="polite">
          {describeTiming(t, { ...apiTiming, timezone: timing.timezone })}
        </p>
        <div className="text-sm">
          <p className="text-text-muted">{t('schedules.next')}</p>
          {preview.error ? (
            <p role="alert" className="text-danger">
              {describeError(preview.error, t)}
            </p>
          ) : (
            <ul className="list-disc pl-5">
              {(preview.data?.next_fire_times ?? []).map((time) => (
                <li key={time}>
                  {formatDate(time, { dateStyle: 'full', timeStyle: 'short', timeZone: timing.timezone })}
                </li>
              ))}
            </ul>
          )}
        </div>
      </fieldset>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button icon={Save} type="submit" disabled={saving || !target}>
        {t('schedules.save')}
      </Button>
    </form>
  );
}
