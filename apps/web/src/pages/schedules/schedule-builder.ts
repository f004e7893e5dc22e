import type { Translate } from '../../i18n/i18n.tsx';

/** What the cron builder edits. */
export interface ScheduleBuilderState {
  frequency: 'daily' | 'weekdays' | 'hourly' | 'interval' | 'custom';
  /** HH:MM, for daily and weekdays. */
  time: string;
  minutes: number;
  cron: string;
  timezone: string;
}

/** The timing the API takes, from the builder's state. */
export function builderTiming(state: ScheduleBuilderState): { cron?: string; interval_seconds?: number } {
  const [hour = '0', minute = '0'] = state.time.split(':');
  const at = `${Number(minute)} ${Number(hour)}`;
  switch (state.frequency) {
    case 'daily':
      return { cron: `${at} * * *` };
    case 'weekdays':
      return { cron: `${at} * * 1-5` };
    case 'hourly':
      return { cron: '0 * * * *' };
    case 'interval':
      return { interval_seconds: Math.max(1, Math.round(state.minutes)) * 60 };
    case 'custom':
      return { cron: state.cron.trim() };
  }
}

/** Readable names of the time zones people pick most, else the IANA name's last part. */
const zoneNames: Record<string, string> = {
  'America/Sao_Paulo': 'Brasília',
  'America/Manaus': 'Manaus',
  'America/New_York': 'New York',
  'Europe/Lisbon': 'Lisboa',
  UTC: 'UTC',
};

/** A time zone as people say it: `America/Sao_Paulo` → `Brasília`. */
export function zoneName(timezone: string): string {
  return zoneNames[timezone] ?? timezone.split('/').at(-1)?.replace(/_/g, ' ') ?? timezone;
}

/**
 * A schedule's timing in words ("todo dia às 18:00, horário de Brasília"), from its cron expression or
 * interval; an expression the builder did not make is shown as it is.
 */
export function describeTiming(
  t: Translate,
  timing: { cron?: string | null; interval_seconds?: number | null; timezone: string },
): string {
  const zone = t('schedules.zoneTime', { zone: zoneName(timing.timezone) });
  if (timing.interval_seconds)
    return t('schedules.describeInterval', { minutes: String(timing.interval_seconds / 60) });
  const cron = (timing.cron ?? '').trim();
  const daily = /^(\d{1,2}) (\d{1,2}) \* \* (\*|1-5)$/.exec(cron);
  if (daily) {
    const time = `${daily[2]!.padStart(2, '0')}:${daily[1]!.padStart(2, '0')}`;
    return t(daily[3] === '*' ? 'schedules.describeDaily' : 'schedules.describeWeekdays', { time, zone });
  }
  if (cron === '0 * * * *') return t('schedules.describeHourly');
  return t('schedules.describeCron', { cron, zone });
}
