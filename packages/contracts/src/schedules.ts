import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { contactInputSchema } from './conversations.ts';

/**
 * Scheduled jobs (issue 15, seed 004 #4): an agent run at set times in the client's time zone, exactly
 * once per tick however many processes run.
 */

/** A cron expression of 5 fields (minute first) or 6 (seconds first), as `croner` reads it. */
export const cronExpressionSchema = z
  .string()
  .trim()
  .min(9)
  .max(200)
  .refine((value) => [5, 6].includes(value.split(/\s+/).length), 'must have 5 or 6 space-separated fields');

/** An IANA time zone name (`America/Sao_Paulo`); checked against the runtime's time zone database. */
export const timeZoneSchema = z.string().trim().min(1).max(64);

/** What a tick of an agent schedule does: a new conversation with the agent, opened by `prompt`. */
export const agentScheduleTargetSchema = z
  .object({
    type: z.literal('agent'),
    agent_id: uuidSchema,
    prompt: z.string().trim().min(1).max(20_000),
    /** The contact the conversation is with (matched by `external_id`), if any. */
    contact: contactInputSchema.optional(),
  })
  .strict();
export type AgentScheduleTarget = z.infer<typeof agentScheduleTargetSchema>;

/** What a tick of a team schedule does: an execution of the team, started with `prompt` (seed 002). */
export const teamScheduleTargetSchema = z
  .object({
    type: z.literal('team'),
    team_id: uuidSchema,
    prompt: z.string().trim().min(1).max(20_000),
  })
  .strict();
export type TeamScheduleTarget = z.infer<typeof teamScheduleTargetSchema>;

/**
 * The built-in jobs every client has (seed 004 #4, ADR 0049): `daily_report` (the day's conversations,
 * runs, cost and errors, summarised and delivered as a web notification), `budget_check` (80% and 100% of
 * the month's budget, each alert once a month) and `cleanup` (expired data, see ADR 0049).
 */
export const builtinJobSchema = z.enum(['daily_report', 'budget_check', 'cleanup']);
export type BuiltinJob = z.infer<typeof builtinJobSchema>;

/** What a tick of a built-in job's schedule does: the job, for the schedule's client only. */
export const builtinScheduleTargetSchema = z
  .object({
    type: z.literal('builtin'),
    job: builtinJobSchema,
    /** `daily_report`: the client's agent that writes the summary in a run (without one, a plain summary). */
    agent_id: uuidSchema.optional(),
    /** `cleanup`: days finished runs keep their events and decided approvals and read notifications stay. */
    retention_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict();
export type BuiltinScheduleTarget = z.infer<typeof builtinScheduleTargetSchema>;

/** What a schedule runs: an agent, a team, or a built-in job. */
export const scheduleTargetSchema = z.discriminatedUnion('type', [
  agentScheduleTargetSchema,
  teamScheduleTargetSchema,
  builtinScheduleTargetSchema,
]);
export type ScheduleTarget = z.infer<typeof scheduleTargetSchema>;

/**
 * After downtime, ticks more than a minute late are missed: `run_once` runs the schedule once for all of
 * them, `skip` drops them.
 */
export const missedTickPolicySchema = z.enum(['run_once', 'skip']);
/** `skip`: a tick whose previous run of the same schedule is still going is skipped; `allow`: it runs anyway. */
export const overlapPolicySchema = z.enum(['skip', 'allow']);

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(2000).nullable();
/** Seconds between ticks of an interval schedule: a minute to a year. */
export const scheduleIntervalSchema = z.number().int().min(60).max(31_536_000);

/** When a schedule fires: a cron expression or an interval, in a time zone. */
const timingShape = {
  cron: cronExpressionSchema.nullable().optional(),
  interval_seconds: scheduleIntervalSchema.nullable().optional(),
  /** @defaultValue 'UTC' */
  timezone: timeZoneSchema.optional(),
};

const oneTiming = (value: {
  cron?: string | null | undefined;
  interval_seconds?: number | null | undefined;
}) => (value.cron != null) !== (value.interval_seconds != null);
const oneTimingMessage = { message: 'give either cron or interval_seconds', path: ['cron'] };

/** Body of `POST /v1/schedules`. */
export const createScheduleSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema.optional(),
    ...timingShape,
    target: scheduleTargetSchema,
    /** @defaultValue true */
    enabled: z.boolean().optional(),
    /** @defaultValue 'run_once' */
    missed_policy: missedTickPolicySchema.optional(),
    /** @defaultValue 'skip' */
    overlap_policy: overlapPolicySchema.optional(),
  })
  .strict()
  .refine(oneTiming, oneTimingMessage);
export type CreateSchedule = z.infer<typeof createScheduleSchema>;

/**
 * Body of `PATCH /v1/schedules/{id}`: the fields given replace the stored ones. Giving `cron` clears the
 * interval and the other way around.
 */
export const updateScheduleSchema = z
  .object({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    ...timingShape,
    target: scheduleTargetSchema.optional(),
    enabled: z.boolean().optional(),
    missed_policy: missedTickPolicySchema.optional(),
    overlap_policy: overlapPolicySchema.optional(),
  })
  .strict()
  .refine((value) => value.cron == null || value.interval_seconds == null, oneTimingMessage);
export type UpdateSchedule = z.infer<typeof updateScheduleSchema>;

/** A schedule as the API answers it, with its next five fire times (none while paused). */
export const scheduleSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    cron: z.string().nullable(),
    interval_seconds: z.number().int().nullable(),
    timezone: z.string(),
    target: scheduleTargetSchema,
    enabled: z.boolean(),
    missed_policy: missedTickPolicySchema,
    overlap_policy: overlapPolicySchema,
    next_fire_at: timestampSchema.nullable(),
    last_fired_at: timestampSchema.nullable(),
    next_fire_times: z.array(timestampSchema),
    created_by: uuidSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof scheduleSchema>;

/** Query of `GET /v1/schedules`. */
export const listSchedulesQuerySchema = z.object({
  enabled: z.enum(['true', 'false']).optional(),
  agent_id: uuidSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListSchedulesQuery = z.infer<typeof listSchedulesQuerySchema>;

/** Body of `POST /v1/schedules/preview`: the timing a cron builder is editing. */
export const schedulePreviewInputSchema = z
  .object({ ...timingShape })
  .strict()
  .refine(oneTiming, oneTimingMessage);
export type SchedulePreviewInput = z.infer<typeof schedulePreviewInputSchema>;

/** Answer of `POST /v1/schedules/preview`: the next five fire times from now. */
export const schedulePreviewSchema = z
  .object({ timezone: z.string(), next_fire_times: z.array(timestampSchema) })
  .meta({ id: 'SchedulePreview' });
export type SchedulePreview = z.infer<typeof schedulePreviewSchema>;

/**
 * What became of one tick: `started` (its run was created), `skipped` (overlap policy), `failed` (the run
 * could not start: budget, quota, a deleted agent; `reason` says which).
 */
export const scheduleExecutionStatusSchema = z.enum(['started', 'skipped', 'failed']);

/** One tick of a schedule in its history, with its run and the run's status. */
export const scheduleExecutionSchema = z
  .object({
    id: uuidSchema,
    schedule_id: uuidSchema,
    tick_at: timestampSchema,
    trigger: z.enum(['tick', 'manual']),
    status: scheduleExecutionStatusSchema,
    reason: z.string().nullable(),
    run_id: uuidSchema.nullable(),
    run_status: z.string().nullable(),
    conversation_id: uuidSchema.nullable(),
    /** The team execution a team schedule's tick started, and its status. */
    execution_id: uuidSchema.nullable(),
    execution_status: z.string().nullable(),
    /** What a built-in job's tick did (counts, the report's notification); null for agents and teams. */
    result: z.record(z.string(), z.unknown()).nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'ScheduleExecution' });
export type ScheduleExecution = z.infer<typeof scheduleExecutionSchema>;

/** Query of `GET /v1/schedules/{id}/executions`. */
export const listScheduleExecutionsQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListScheduleExecutionsQuery = z.infer<typeof listScheduleExecutionsQuerySchema>;

/** Payload of the `schedule.tick` job: one tick of one schedule (`manual` for "run now"). */
export const scheduleTickJobPayloadSchema = z.object({
  schedule_id: uuidSchema,
  client_id: uuidSchema,
  tick_at: timestampSchema,
  trigger: z.enum(['tick', 'manual']),
});
export type ScheduleTickJobPayload = z.infer<typeof scheduleTickJobPayloadSchema>;
