import { AppError } from '@renum/contracts';
import { type Database, type Transaction, withPlatform } from '@renum/db';
import { Cron } from 'croner';
import type { JobDefinition } from './define-job.ts';
import type { EnqueuedJob, EnqueueOptions } from './enqueue-job.ts';
import type { JobObserver } from './job-observer.ts';

/** A repeatable job's settings. */
export interface ScheduleOptions<Payload> {
  /**
   * Names the schedule across processes: each tick is enqueued with the idempotency key
   * `<key>:<tick time, ISO-8601 UTC>`, so every process may run the same schedule and a tick still
   * gives one job.
   */
  key: string;
  payload: Payload;
  /** IANA time zone the cron expression is read in. @defaultValue 'UTC' */
  timezone?: string;
}

/** Repeatable jobs: enqueues each tick of each schedule once, across every process that schedules it. */
export interface JobScheduler {
  add<Payload>(job: JobDefinition<Payload>, cron: string, options: ScheduleOptions<Payload>): void;
  start(): void;
  stop(): void;
}

type Enqueue = <Payload>(
  tx: Transaction,
  job: JobDefinition<Payload>,
  payload: Payload,
  options: EnqueueOptions,
) => Promise<EnqueuedJob>;

const maxTimerMs = 86_400_000;

interface Schedule {
  job: JobDefinition<unknown>;
  cron: Cron;
  key: string;
  payload: unknown;
  timer?: NodeJS.Timeout | undefined;
}

/**
 * Creates a scheduler. `croner` computes the ticks (cron expression with optional seconds, in the
 * schedule's time zone); the timers are this module's, so `stop` clears them all. A tick missed while
 * no process ran is not caught up.
 */
export function createJobScheduler(options: {
  db: Database;
  clock: () => Date;
  observer: JobObserver;
  enqueue: Enqueue;
}): JobScheduler {
  const schedules: Schedule[] = [];
  let started = false;

  function arm(schedule: Schedule, after: Date): void {
    const now = options.clock();
    const tick = schedule.cron.nextRun(after.getTime() > now.getTime() ? after : now);
    if (!tick || !started) return;
    const delay = tick.getTime() - now.getTime();
    // Timers hold at most about 24.8 days; a tick further away is reached in steps.
    schedule.timer =
      delay > maxTimerMs
        ? setTimeout(() => arm(schedule, after), maxTimerMs)
        : setTimeout(() => void fire(schedule, tick), Math.max(0, delay));
  }

  async function fire(schedule: Schedule, tick: Date): Promise<void> {
    try {
      await withPlatform(options.db, (tx) =>
        options.enqueue(tx, schedule.job, schedule.payload, {
          runAt: tick,
          idempotencyKey: `${schedule.key}:${tick.toISOString()}`,
        }),
      );
    } catch (error) {
      options.observer.emit({ type: 'error', step: 'schedule', queue: schedule.job.queue, error });
    }
    arm(schedule, tick);
  }

  return {
    add(job, cron, settings) {
      if (!settings.key || settings.key.length > 300) {
        throw new AppError('VALIDATION_ERROR', `Schedule of ${job.key}: key must be 1 to 300 characters`);
      }
      let parsed: Cron;
      try {
        parsed = new Cron(cron, { timezone: settings.timezone ?? 'UTC', paused: true });
      } catch (error) {
        throw new AppError('VALIDATION_ERROR', `Schedule of ${job.key}: invalid cron expression "${cron}"`, {
          cause: error,
        });
      }
      if (!job.payload.safeParse(settings.payload).success) {
        throw new AppError('VALIDATION_ERROR', `Schedule of ${job.key}: invalid payload`);
      }
      const schedule: Schedule = { job, cron: parsed, key: settings.key, payload: settings.payload };
      schedules.push(schedule as Schedule);
      if (started) arm(schedule, options.clock());
    },
    start() {
      started = true;
      for (const schedule of schedules) arm(schedule, options.clock());
    },
    stop() {
      started = false;
      for (const schedule of schedules) clearTimeout(schedule.timer);
    },
  };
}
