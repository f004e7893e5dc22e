import { AppError, type JobRetry, jobNameSchema, jobQueueNameSchema, jobRetrySchema } from '@renum/contracts';
import type { z } from 'zod';

/**
 * A job declared once: what it is called, which version of its payload it carries, the payload's schema
 * (from `contracts`), the queue that runs it and how it is retried. Enqueuers import the declaration;
 * the work lives in a handler file of its own ({@link handleJob}).
 */
export interface JobDefinition<Payload = unknown> {
  readonly name: string;
  /** Bumped when the payload changes shape; a worker runs only the versions it has a handler for. */
  readonly version: number;
  readonly queue: string;
  /** Checked when the job is enqueued and again when a worker claims it. */
  readonly payload: z.ZodType<Payload>;
  readonly retry: JobRetry;
  /** `name@version`, the key handlers are matched by. */
  readonly key: string;
}

/** What {@link defineJob} takes; `retry` may be partial. */
export interface DefineJobOptions<Payload> {
  name: string;
  /** @defaultValue 1 */
  version?: number;
  queue: string;
  payload: z.ZodType<Payload>;
  /** @defaultValue 3 attempts, exponential backoff from 1 s (jitter 0.2, at most an hour) */
  retry?: { attempts?: number; backoff?: Partial<JobRetry['backoff']> };
}

/**
 * Declares a job (documenso's and BullMQ's pattern): validated once here, so a bad name, queue or retry
 * setting fails when the module loads, not when the first job runs.
 */
export function defineJob<Payload>(options: DefineJobOptions<Payload>): JobDefinition<Payload> {
  const name = jobNameSchema.safeParse(options.name);
  const queue = jobQueueNameSchema.safeParse(options.queue);
  const retry = jobRetrySchema.safeParse(options.retry ?? {});
  const version = options.version ?? 1;
  const problem = !name.success
    ? `name ${name.error.issues[0]?.message}`
    : !queue.success
      ? `queue ${queue.error.issues[0]?.message}`
      : !retry.success
        ? `retry: ${retry.error.issues[0]?.message}`
        : !Number.isInteger(version) || version < 1
          ? 'version must be a positive integer'
          : null;
  if (problem || !retry.success) {
    throw new AppError('VALIDATION_ERROR', `Job ${options.name}: ${problem}`, {
      context: { job: options.name },
    });
  }
  return Object.freeze({
    name: options.name,
    version,
    queue: options.queue,
    payload: options.payload,
    retry: retry.data,
    key: `${options.name}@${version}`,
  });
}
