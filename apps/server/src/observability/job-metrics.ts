import type { JobEventHook } from '@renum/platform';
import type { ErrorReporter } from './error-reporting.ts';
import type { RenumMetrics } from './metrics.ts';

/**
 * The job queue's `onEvent` hook that counts job events by queue and times completed jobs; a job that
 * dies (no attempt left) is reported once to `reporter` (Sentry) when one is given.
 */
export function jobMetricsHook(metrics: RenumMetrics, reporter?: ErrorReporter): JobEventHook {
  return (event) => {
    if (event.type === 'dead') reporter?.report(event.error, { job: `${event.job.queue}/${event.job.name}` });
    const queue = event.type === 'error' ? (event.queue ?? '-') : event.job.queue;
    metrics.jobEvents.inc({ queue, event: event.type });
    if (event.type === 'completed')
      metrics.jobDuration.observe({ queue, name: event.job.name }, event.durationMs / 1000);
  };
}
