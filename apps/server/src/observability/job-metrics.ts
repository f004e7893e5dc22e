import type { JobEventHook } from '@renum/platform';
import type { RenumMetrics } from './metrics.ts';

/** The job queue's `onEvent` hook that counts job events by queue and times completed jobs. */
export function jobMetricsHook(metrics: RenumMetrics): JobEventHook {
  return (event) => {
    const queue = event.type === 'error' ? (event.queue ?? '-') : event.job.queue;
    metrics.jobEvents.inc({ queue, event: event.type });
    if (event.type === 'completed')
      metrics.jobDuration.observe({ queue, name: event.job.name }, event.durationMs / 1000);
  };
}
