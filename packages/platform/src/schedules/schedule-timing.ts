import { AppError } from '@renum/contracts';
import { Cron } from 'croner';

/** When a schedule fires, as stored: a cron expression or an interval from an anchor, in a time zone. */
export interface ScheduleTimingInput {
  cron?: string | null | undefined;
  interval_seconds?: number | null | undefined;
  timezone: string;
  /** Interval ticks fall on `anchor + k × interval`. */
  anchor: Date;
}

/** The ticks of a schedule: croner reads cron expressions (DST included); intervals are plain arithmetic. */
export interface ScheduleTiming {
  /** The first tick strictly after `after`, or null when the expression has none left. */
  next(after: Date): Date | null;
  /** Up to `count` ticks strictly after `after`. */
  upcoming(count: number, after: Date): Date[];
}

/**
 * Checks a schedule's timing and answers its ticks. A time zone unknown to the runtime or a cron
 * expression croner refuses is `400 VALIDATION_ERROR` naming the field.
 */
export function scheduleTiming(input: ScheduleTimingInput): ScheduleTiming {
  assertTimeZone(input.timezone);
  if (input.cron) return cronTiming(input.cron, input.timezone);
  const seconds = input.interval_seconds;
  if (!seconds) throw invalid('cron', 'Give either cron or interval_seconds');
  return intervalTiming(seconds * 1000, input.anchor);
}

function cronTiming(expression: string, timezone: string): ScheduleTiming {
  if (![5, 6].includes(expression.trim().split(/\s+/).length)) {
    throw invalid('cron', 'A cron expression has 5 fields (minute first) or 6 (seconds first)');
  }
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone, paused: true });
  } catch (error) {
    throw invalid('cron', `Invalid cron expression: ${(error as Error).message}`, error);
  }
  if (!cron.nextRun()) throw invalid('cron', 'The cron expression never fires');
  return {
    next: (after) => cron.nextRun(after),
    upcoming: (count, after) => cron.nextRuns(count, after),
  };
}

function intervalTiming(intervalMs: number, anchor: Date): ScheduleTiming {
  const next = (after: Date) => {
    const elapsed = after.getTime() - anchor.getTime();
    const steps = elapsed < 0 ? 0 : Math.floor(elapsed / intervalMs) + 1;
    return new Date(anchor.getTime() + steps * intervalMs);
  };
  return {
    next,
    upcoming(count, after) {
      const ticks: Date[] = [];
      let cursor = after;
      for (let index = 0; index < count; index += 1) {
        cursor = next(cursor);
        ticks.push(cursor);
      }
      return ticks;
    },
  };
}

/** Throws `VALIDATION_ERROR` (field `timezone`) unless `timezone` is an IANA name the runtime knows. */
export function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch (error) {
    throw invalid(
      'timezone',
      `Unknown time zone "${timezone}": use an IANA name such as America/Sao_Paulo`,
      error,
    );
  }
}

function invalid(field: string, message: string, cause?: unknown): AppError {
  return new AppError('VALIDATION_ERROR', message, {
    context: { field, details: [{ field, message }] },
    ...(cause === undefined ? {} : { cause }),
  });
}
