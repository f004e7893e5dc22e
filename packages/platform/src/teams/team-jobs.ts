import { teamStepJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';

/**
 * Runs one step of a team execution (ADR 0027): creates the step's run, executes it in this worker and
 * records its result. Retried when a worker died or could not record it; each retry resumes the step's
 * run instead of starting another, so a finished step never runs twice.
 */
export const teamStepJob = defineJob({
  name: 'team.step',
  queue: 'teams',
  payload: teamStepJobPayloadSchema,
  retry: { attempts: 8, backoff: { delayMs: 500 } },
});
