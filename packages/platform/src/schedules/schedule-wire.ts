import { type Schedule, scheduleTargetSchema } from '@renum/contracts';
import type { schedules } from '@renum/db';
import { toWire } from '../wire.ts';
import { scheduleTiming } from './schedule-timing.ts';

/** A stored schedule row. */
export type ScheduleRow = typeof schedules.$inferSelect;

/** The timing of a stored schedule (already validated when it was written). */
export function rowTiming(row: ScheduleRow) {
  return scheduleTiming({
    cron: row.cron,
    interval_seconds: row.interval_seconds,
    timezone: row.timezone,
    anchor: row.anchor_at,
  });
}

/** A schedule as the API answers it: the row without its internals, with the next five fire times. */
export function scheduleToWire(row: ScheduleRow, now: Date): Schedule {
  const { agent_id: _agent, anchor_at: _anchor, target, ...rest } = toWire(row);
  const from = row.next_fire_at && row.next_fire_at > now ? new Date(row.next_fire_at.getTime() - 1) : now;
  const nextFireTimes = row.enabled ? rowTiming(row).upcoming(5, from) : [];
  return {
    ...rest,
    target: scheduleTargetSchema.parse(target),
    next_fire_times: nextFireTimes.map((tick) => tick.toISOString()),
  };
}
