import { type Database, schedules, withPlatform } from '@renum/db';
import { and, asc, eq, lte } from 'drizzle-orm';
import type { JobQueue } from '../jobs/job-queue.ts';
import { scheduleTickJob } from './schedule-jobs.ts';
import type { ScheduleTiming } from './schedule-timing.ts';
import { rowTiming, type ScheduleRow } from './schedule-wire.ts';

/** What {@link dispatchDueSchedules} needs. */
export interface DispatchSchedulesOptions {
  db: Database;
  jobs: Pick<JobQueue, 'enqueue'>;
  clock: () => Date;
  /** Schedules handed over per transaction. @defaultValue 100 */
  batchSize?: number;
  /** A tick found later than this is missed (downtime): the schedule's missed policy decides. @defaultValue 60_000 */
  lateAfterMs?: number;
}

/** Due ticks looked at per schedule and pass; older ones of a long downtime count as one missed run. */
const maxTicksPerPass = 1000;

/**
 * Hands every due tick of every client's enabled schedules to the jobs port, once. Due rows are locked
 * with `FOR UPDATE SKIP LOCKED`, so concurrent dispatchers (one per worker process) take disjoint
 * schedules; each tick is enqueued with the key `schedule:<id>:<tick>` and `next_fire_at` moves past now
 * in the same transaction, so a tick is handed over once however many processes run and a crash before
 * the commit hands it over again later. Ticks more than `lateAfterMs` late follow the missed policy:
 * `run_once` runs the latest of them (unless an on-time tick runs anyway), `skip` drops them.
 */
export async function dispatchDueSchedules(
  options: DispatchSchedulesOptions,
): Promise<{ enqueued: number; missed: number }> {
  const now = options.clock();
  const lateAfterMs = options.lateAfterMs ?? 60_000;
  return withPlatform(options.db, async (tx) => {
    const due = await tx
      .select()
      .from(schedules)
      .where(and(eq(schedules.enabled, true), lte(schedules.next_fire_at, now)))
      .orderBy(asc(schedules.next_fire_at))
      .limit(options.batchSize ?? 100)
      .for('update', { skipLocked: true });
    let enqueued = 0;
    let missed = 0;
    for (const row of due) {
      const timing = rowTiming(row);
      const plan = ticksToRun(row, timing, now, lateAfterMs);
      for (const tick of plan.run) {
        await options.jobs.enqueue(
          tx,
          scheduleTickJob,
          { schedule_id: row.id, client_id: row.client_id, tick_at: tick.toISOString(), trigger: 'tick' },
          {
            runAt: tick,
            idempotencyKey: `schedule:${row.id}:${tick.toISOString()}`,
            clientId: row.client_id,
          },
        );
      }
      enqueued += plan.run.length;
      missed += plan.missed;
      await tx
        .update(schedules)
        .set({ next_fire_at: timing.next(now), last_fired_at: plan.run.at(-1) ?? row.last_fired_at })
        .where(eq(schedules.id, row.id));
    }
    return { enqueued, missed };
  });
}

/** The due ticks of a schedule (from its `next_fire_at` through now) split into those to run and those missed. */
export function ticksToRun(
  row: Pick<ScheduleRow, 'next_fire_at' | 'missed_policy'>,
  timing: ScheduleTiming,
  now: Date,
  lateAfterMs: number,
): { run: Date[]; missed: number } {
  const due: Date[] = [];
  let tick: Date | null = row.next_fire_at;
  while (tick && tick.getTime() <= now.getTime() && due.length < maxTicksPerPass) {
    due.push(tick);
    tick = timing.next(tick);
  }
  const onTime = due.filter((at) => now.getTime() - at.getTime() <= lateAfterMs);
  const late = due.filter((at) => now.getTime() - at.getTime() > lateAfterMs);
  const catchUp =
    row.missed_policy === 'run_once' && late.length > 0 && onTime.length === 0 ? [late.at(-1)!] : [];
  return { run: [...catchUp, ...onTime], missed: late.length - catchUp.length };
}
