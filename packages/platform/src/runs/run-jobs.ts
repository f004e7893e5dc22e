import { type RunExecuteJobPayload, runExecuteJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';
import { handleJob, type JobLease } from '../jobs/job-handler.ts';
import type { RunClaim, RunHint, RunManager } from './run-manager.ts';

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
  handleJob<RunExecuteJobPayload, RunClaim | undefined>(
    runExecuteJob,
    async (payload, context) => {
      // The run's settlement completes the job in its own statement when it can (one commit for both).
      const completion: JobCompletion = { lease: context.lease, completed: false };
      await manager.execute({
        clientId: payload.client_id,
        runId: payload.run_id,
        signal: context.signal,
        attempt: context.attempt,
        completion,
        claimed: context.claimed,
      });
      return completion.completed ? { completed: true } : undefined;
    },
    // A delivered job claims its run in the same transaction (ADR 0058), already in the job's client's
    // scope; a payload naming another client is left to the handler (whose claim then finds no run).
    (tx, payload, job) =>
      payload.client_id === job.clientId
        ? manager.claimInJob(tx, { runId: payload.run_id })
        : Promise.resolve(undefined),
    // Handed straight to this process by the api that stored it claimed here (ADR 0073): the context
    // that api's send read, and the run's stored claim, so the run starts with no read of its own.
    (payload, attachment) => {
      if (isHintFor(attachment, payload)) manager.hint(payload.run_id, attachment);
    },
  );

/** A send's hint for this run, as it crossed Redis (ADR 0073). */
function isHintFor(attachment: unknown, payload: RunExecuteJobPayload): attachment is RunHint {
  const hint = attachment as Partial<RunHint> | null | undefined;
  return (
    typeof hint === 'object' &&
    hint !== null &&
    hint.context?.run?.id === payload.run_id &&
    hint.context.run.client_id === payload.client_id
  );
}

/**
 * The `run.execute` job's lease, handed to the run's settlement, which completes the job in the same
 * statement and sets `completed` when it did.
 */
export interface JobCompletion {
  lease: JobLease;
  completed: boolean;
}
