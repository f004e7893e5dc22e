import { z } from 'zod';
import { uuidSchema } from './common.ts';

/**
 * Background jobs: the shapes every job declaration shares. Each job's payload schema is declared here
 * too, beside these, as `<name>JobPayloadSchema` (the platform's `defineJob` names it; ADR 0014).
 */

/**
 * Where a job is in its life: `queued` (waiting for its time), `running` (leased to a worker), `failed`
 * (an attempt failed; retried at its `run_at`), `completed`, `dead` (no attempt left, or unrecoverable).
 */
export const jobStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'dead']);
/** See {@link jobStatusSchema}. */
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** A queue: lower-case letters, digits, `_` and `-` (also a BullMQ queue name, which forbids `:`). */
export const jobQueueNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,63}$/,
    'must be 1 to 64 lower-case letters, digits, _ or -, starting with a letter',
  );

/** A job's name, dotted by area (`run.execute`, `conversation.summarize`). */
export const jobNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_.-]{0,99}$/,
    'must be 1 to 100 lower-case letters, digits, _ . or -, starting with a letter',
  );

/** A key that makes an enqueue idempotent: a second enqueue with it finds the first job. */
export const jobIdempotencyKeySchema = z.string().min(1).max(400);

/** How long to wait before attempt n + 1 after attempt n failed. */
export const jobBackoffSchema = z
  .object({
    /** `exponential`: `delay_ms × 2^(n − 1)`; `fixed`: `delay_ms` each time. @defaultValue 'exponential' */
    type: z.enum(['exponential', 'fixed']).default('exponential'),
    /** @defaultValue 1000 */
    delayMs: z.number().int().min(0).max(86_400_000).default(1000),
    /** Upper bound of one wait. @defaultValue 3_600_000 (an hour) */
    maxDelayMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(3_600_000),
    /** Each wait is stretched by a random fraction up to this (0 to 1), so retries spread out. @defaultValue 0.2 */
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .strict();
/** See {@link jobBackoffSchema}. */
export type JobBackoff = z.infer<typeof jobBackoffSchema>;

/** Attempts and backoff of a job. */
export const jobRetrySchema = z
  .object({
    /** Attempts in all, the first included (1: never retried). @defaultValue 3 */
    attempts: z.number().int().min(1).max(1000).default(3),
    backoff: jobBackoffSchema.default(jobBackoffSchema.parse({})),
  })
  .strict();
/** See {@link jobRetrySchema}. */
export type JobRetry = z.infer<typeof jobRetrySchema>;

/**
 * Payload of the `run.execute` job: the run's id and its client, nothing else. The worker that claims it
 * reads what the run needs under the client's scope; no context and no secret travels with the job.
 */
export const runExecuteJobPayloadSchema = z.object({ run_id: uuidSchema, client_id: uuidSchema });
export type RunExecuteJobPayload = z.infer<typeof runExecuteJobPayloadSchema>;
