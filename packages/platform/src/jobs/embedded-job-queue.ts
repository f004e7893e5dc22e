import { claimJobs } from './claim-jobs.ts';
import type { JobQueue, JobQueueOptions } from './job-queue.ts';
import { queueConcurrency } from './job-queue.ts';
import { createJobRunner, type JobRunner } from './job-runner.ts';
import { createQueueCore, handlersByKey } from './queue-core.ts';
import { type QueuePoller, startQueuePoller } from './queue-poller.ts';

/**
 * The embedded engine, the default (no `REDIS_URL`): on PGlite or Postgres, each queue's workers claim
 * due rows with `FOR UPDATE SKIP LOCKED`, every `pollMs` and at once when this process commits a job for
 * them. Several processes on one Postgres share the work; a running row whose lease expired is claimed
 * again (crash recovery).
 */
export function createEmbeddedJobQueue(options: JobQueueOptions): JobQueue {
  const pollers = new Map<string, QueuePoller>();
  const core = createQueueCore(options, (job) => {
    const poller = pollers.get(job.queue);
    if (poller) poller.wakeAt(job.runAt);
  });
  const { settings, observer } = core;
  let runner: JobRunner | null = null;
  let stopSweeps: (() => void) | null = null;
  let state: 'new' | 'started' | 'stopped' = 'new';

  return {
    engine: 'embedded',
    enqueue: core.enqueue,
    prepareEnqueue: core.prepareEnqueue,
    schedule: core.schedule,
    metrics: core.metrics,
    async start(startOptions = {}) {
      if (state !== 'new') throw new Error(`The job queue was already ${state}`);
      state = 'started';
      const handlers = handlersByKey(startOptions.handlers ?? []);
      const jobRunner = createJobRunner({ ...settings, observer, handlers });
      runner = jobRunner;
      const keysByQueue = new Map<string, string[]>();
      for (const handler of handlers.values()) {
        keysByQueue.set(handler.job.queue, [...(keysByQueue.get(handler.job.queue) ?? []), handler.job.key]);
      }
      for (const [queue, keys] of keysByQueue) {
        const poller = startQueuePoller({
          concurrency: queueConcurrency(startOptions.concurrency, queue),
          pollMs: settings.pollMs,
          clock: settings.clock,
          claim: (limit) =>
            claimJobs(settings.db, {
              queue,
              keys,
              limit,
              lease: {
                token: settings.newId(),
                owner: settings.processId,
                now: settings.clock(),
                leaseMs: settings.leaseMs,
              },
            }),
          run: async (row) => {
            const outcome = await jobRunner.run(row);
            if (outcome.type === 'retried') pollers.get(queue)?.wakeAt(outcome.retryAt);
          },
          onError: (error) => observer.emit({ type: 'error', step: 'claim', queue, error }),
        });
        pollers.set(queue, poller);
      }
      core.setLocalRunner({
        canRun: (queue) => (pollers.get(queue)?.free() ?? 0) > 0,
        run: (row) => {
          const poller = pollers.get(row.queue);
          // Stopped since the enqueue: the runner hands the job back at once, for another worker.
          if (poller) poller.adopt(row);
          else {
            jobRunner
              .run(row)
              .catch((error: unknown) =>
                observer.emit({ type: 'error', step: 'run', queue: row.queue, error }),
              );
          }
        },
      });
      stopSweeps = core.startSweeps();
      core.scheduler.start();
    },
    async stop(stopOptions = {}) {
      if (state !== 'started') return;
      state = 'stopped';
      core.setLocalRunner(null);
      core.scheduler.stop();
      stopSweeps?.();
      await Promise.all([...pollers.values()].map((poller) => poller.stop()));
      pollers.clear();
      await runner?.drain(stopOptions.graceMs ?? 10_000);
    },
  };
}
