import { runExecuteJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';
import { handleJob } from '../jobs/job-handler.ts';
import type { RunManager } from './run-manager.ts';

/**
 * Executes one run (ADR 0009). Its payload is the run's id and client only. Retried when a worker could
 * not settle the run; each retry claims the run again and resumes it.
 */
export const runExecuteJob = defineJob({
  name: 'run.execute',
  queue: 'runs',
  payload: runExecuteJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 500 } },
});

/** The `run.execute` handler: the run manager of this process claims and executes the run. */
export const runExecuteHandler = (manager: RunManager) =>
  handleJob(runExecuteJob, async (payload, context) => {
    await manager.execute({
      clientId: payload.client_id,
      runId: payload.run_id,
      signal: context.signal,
      attempt: context.attempt,
    });
  });
