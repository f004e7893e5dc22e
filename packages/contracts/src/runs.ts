import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { messageSchema } from './conversations.ts';
import { runNoteCodeSchema, runNoteParamsSchema } from './run-notes.ts';

/**
 * Lifecycle of a run (the `runs.status` column). `suspended`: a tool call waits for a person's decision
 * (ADR 0039); the run holds no process and is queued again, on any worker, once decided.
 */
export const runStatusSchema = z.enum(['queued', 'running', 'completed', 'failed', 'stopped', 'suspended']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** A run as the API returns it. */
export const runSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    conversation_id: uuidSchema.nullable(),
    agent_id: uuidSchema,
    sub_agent_id: uuidSchema.nullable(),
    status: runStatusSchema,
    executor: z.string(),
    model: z.string(),
    attempts: z.number().int(),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    routing_error: z.string().nullable(),
    tokens_input: z.number().int(),
    tokens_output: z.number().int(),
    cost_usd: z.number(),
    queued_at: timestampSchema,
    started_at: timestampSchema.nullable(),
    first_token_at: timestampSchema.nullable(),
    finished_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    /** When a stop was asked (from any API process); the worker holding the run settles it `stopped`. */
    cancel_requested_at: timestampSchema.nullable(),
    /** How many times a worker took the run: more than 1 when another worker took over after a crash. */
    claims: z.number().int(),
    /** How many times the run waited for an approval and was resumed. */
    suspensions: z.number().int(),
    /** The team execution this run is a step of; null for a chat turn. */
    execution_id: uuidSchema.nullable(),
    /**
     * The OpenTelemetry trace the run's spans belong to (32 hex digits, ADR 0069), whichever process ran
     * it; null when tracing was off when it was created.
     */
    trace_id: z.string().nullable(),
    /** The schedule whose tick started this run (or the team execution it is a step of); null otherwise. */
    schedule: z.object({ id: uuidSchema, name: z.string() }).nullable(),
  })
  .meta({ id: 'Run' });
export type Run = z.infer<typeof runSchema>;

/** Longest `message_preview` of a {@link RunSummary}, in characters (an ellipsis ends a cut one). */
export const runMessagePreviewLength = 140;

/**
 * A run as `GET /v1/runs` and `GET /v1/runs/{id}` return it: the run with the names a person reads it by,
 * the agent's, the sub-agent's that answered, and the first words of the message it answered.
 */
export const runSummarySchema = runSchema
  .extend({
    /** The agent's name (null once the agent is deleted). */
    agent_name: z.string().nullable(),
    /** The name of the sub-agent routing chose; null when the agent answered itself. */
    sub_agent_name: z.string().nullable(),
    /** The start of the person's message this run answered; null when it answered none (no message). */
    message_preview: z.string().nullable(),
    /** `routing_error` as a code to translate (ADR 0052); null without one. */
    routing_error_code: runNoteCodeSchema.nullable(),
    /** The values of `routing_error_code`'s translation. */
    routing_error_params: runNoteParamsSchema.nullable(),
  })
  .meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A run as `GET /v1/runs/{id}` returns it: its summary and where its trace is read. */
export const runDetailSchema = runSummarySchema
  .extend({
    /**
     * The trace viewer's page of `trace_id` (the server's `RENUM_TRACE_URL` with the id in it); null when
     * none is configured or the run has no trace.
     */
    trace_url: z.string().nullable(),
  })
  .meta({ id: 'RunDetail' });
export type RunDetail = z.infer<typeof runDetailSchema>;

/** Query of `GET /v1/runs`: newest first, filtered by agent, conversation or status. */
export const listRunsQuerySchema = z.object({
  agent_id: uuidSchema.optional(),
  conversation_id: uuidSchema.optional(),
  status: runStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

/** Body of `POST /v1/conversations/{id}/messages`. */
export const sendMessageSchema = z.object({ content: z.string().trim().min(1).max(32_000) }).strict();
export type SendMessage = z.infer<typeof sendMessageSchema>;

/** Answer of `POST /v1/conversations/{id}/messages` without `Accept: text/event-stream`. */
export const sentMessageSchema = z.object({
  /** Null when a person holds the conversation (takeover): the message is stored, not answered. */
  run_id: uuidSchema.nullable(),
  run: runSchema.nullable(),
  message: messageSchema,
  /** True when the message was only stored because a person holds the conversation. */
  held: z.boolean().optional(),
});
export type SentMessage = z.infer<typeof sentMessageSchema>;
