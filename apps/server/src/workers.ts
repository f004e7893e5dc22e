import { type JobQueue, type RunManager, runExecuteHandler, runExecuteJob } from '@renum/platform';

/**
 * Starts this process's share of the background work (ADR 0009, `RENUM_ROLE`): with `execute`, the
 * workers that run jobs (`run.execute` and every later job); without it (the `api` role) the queue is
 * started with no handlers, so it only enqueues (and, on BullMQ, relays what it enqueued).
 */
export function startRunWorker(options: {
  jobs: JobQueue;
  manager: RunManager;
  /** Chat runs executed at once (the `runs` queue). */
  concurrency: number;
  /** @defaultValue true */
  execute?: boolean;
}): Promise<void> {
  const execute = options.execute ?? true;
  return options.jobs.start({
    handlers: execute ? [runExecuteHandler(options.manager)] : [],
    concurrency: { [runExecuteJob.queue]: options.concurrency },
  });
}
