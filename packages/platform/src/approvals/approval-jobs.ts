import { approvalDeadlineJobPayloadSchema, approvalResumeJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';

/** Carries out a decided request (runs the approved call once) and tells the model in its conversation. */
export const approvalResumeJob = defineJob({
  name: 'approval.resume',
  queue: 'approvals',
  payload: approvalResumeJobPayloadSchema,
  // The conversation may still be answering when the decision comes: retried until it is free.
  retry: { attempts: 8, backoff: { delayMs: 1000 } },
});

/** The deadline of a pending request: escalates it, or decides its default outcome. */
export const approvalDeadlineJob = defineJob({
  name: 'approval.deadline',
  queue: 'approvals',
  payload: approvalDeadlineJobPayloadSchema,
});
