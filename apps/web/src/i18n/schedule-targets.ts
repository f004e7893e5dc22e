import { type MessageValues, useCatalogueT } from './i18n.tsx';
import { scheduleTargetsEn } from './schedule-targets.en.ts';
import { scheduleTargetsPtBr } from './schedule-targets.pt-br.ts';

/** A key of the schedules pages' catalogue (targets, built-in jobs and their results). */
export type ScheduleTargetsKey = keyof typeof scheduleTargetsEn;

/** Translates a schedules pages' key: `ts('schedules.job.cleanup')`. */
export type ScheduleTargetsTranslate = (key: ScheduleTargetsKey, values?: MessageValues) => string;

/**
 * The translator of the schedules pages' catalogue in the current language. Both languages come with the
 * lazy chunks that import this, never with the first load (ADR 0036: the first load's budget).
 */
export function useScheduleTargetsT(): ScheduleTargetsTranslate {
  return useCatalogueT(scheduleTargetsEn, scheduleTargetsPtBr);
}
