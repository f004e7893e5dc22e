import type { Schedule } from '@renum/contracts';
import type { ScheduleTargetsTranslate } from '../../i18n/schedule-targets.ts';

/**
 * The names every client's built-in schedules are seeded with (migration 0038, ADR 0049), in English in
 * the database: shown in the reader's language until someone renames the schedule.
 */
const seededNames = { budget_check: 'Budget check', cleanup: 'Clean-up' } as const;

/** A schedule's name as the list shows it: a built-in's seeded name translated, any other as stored. */
export function scheduleName(
  ts: ScheduleTargetsTranslate,
  schedule: Pick<Schedule, 'name' | 'target'>,
): string {
  const { target } = schedule;
  if (target.type !== 'builtin' || !(target.job in seededNames)) return schedule.name;
  const job = target.job as keyof typeof seededNames;
  return schedule.name === seededNames[job] ? ts(`schedules.seeded.${job}`) : schedule.name;
}
