import type { SchedulePreview, SchedulePreviewInput } from '@renum/contracts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { scheduleTiming } from './schedule-timing.ts';

/** The next five fire times of a timing being edited (the cron builder's preview); nothing is stored. */
export function previewSchedule(
  deps: Pick<PlatformDeps, 'clock'>,
  options: { principal: Principal; input: SchedulePreviewInput },
): SchedulePreview {
  requireClient(options.principal);
  const now = deps.clock();
  const timezone = options.input.timezone ?? 'UTC';
  const timing = scheduleTiming({ ...options.input, timezone, anchor: now });
  return { timezone, next_fire_times: timing.upcoming(5, now).map((tick) => tick.toISOString()) };
}
