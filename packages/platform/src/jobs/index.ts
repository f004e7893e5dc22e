export { retryDelayMs } from './backoff.ts';
export { type BullmqJobQueueOptions, createBullmqJobQueue } from './bullmq-job-queue.ts';
export type { JobRow } from './claim-jobs.ts';
export { type DefineJobOptions, defineJob, type JobDefinition } from './define-job.ts';
export { createEmbeddedJobQueue } from './embedded-job-queue.ts';
export type { EnqueuedJob, EnqueueOptions } from './enqueue-job.ts';
export {
  type CompletedInTransaction,
  handleJob,
  type JobContext,
  type JobHandler,
  type JobHandlerFunction,
  type JobLease,
} from './job-handler.ts';
export type {
  JobCounters,
  JobEvent,
  JobEventHook,
  JobEventSubject,
  JobEventType,
  JobLogger,
  JobMetrics,
} from './job-observer.ts';
export type { JobQueue, JobQueueOptions, StartJobsOptions } from './job-queue.ts';
export type { ScheduleOptions } from './job-scheduler.ts';
export { startPeriodicTask } from './periodic-task.ts';
export { type QueueDepth, readQueueDepths } from './read-queue-depths.ts';
export { completeJobInTransaction } from './settle-job.ts';
export { UnrecoverableJobError } from './unrecoverable-job-error.ts';
