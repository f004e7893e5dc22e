import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { type ErrorCode, errorStatus } from './errors.ts';
import { runNoteShape } from './run-notes.ts';
import { teamCostMetricsSchema, teamUsageMetricsSchema } from './team-metrics.ts';

/**
 * Statuses a `status` event reports. All but `retrying` are the run's lifecycle (the `runs.status`
 * column); `retrying` is transient: a model call failed and is being retried or handed to a fallback
 * model. `suspended` comes just before the `complete` event of a run that waits for an approval: the run
 * is not over, it goes on (a new `running`) once decided.
 */
export const runEventStatusSchema = z.enum([
  'queued',
  'running',
  'retrying',
  'completed',
  'failed',
  'stopped',
  'suspended',
]);
export type RunEventStatus = z.infer<typeof runEventStatusSchema>;

/**
 * Error codes only a run reports (no HTTP route answers with them), beside every {@link ErrorCode}:
 * the model call timed out, the provider rate-limited us past our retries, the provider refused our
 * credentials, any other provider or network failure, a run cut short by a dying process, and an external
 * executor (Suna) whose run went silent (its "Worker timeout").
 */
export const runOnlyErrorCodes = [
  'MODEL_TIMEOUT',
  'MODEL_RATE_LIMITED',
  'MODEL_AUTH_FAILED',
  'MODEL_UPSTREAM_ERROR',
  'INTERRUPTED',
  'EXECUTOR_TIMEOUT',
] as const;

/** Codes an `error` event may carry: every API {@link ErrorCode} plus {@link runOnlyErrorCodes}. */
export const runEventErrorCodeSchema = z.enum([
  ...(Object.keys(errorStatus) as ErrorCode[]),
  ...runOnlyErrorCodes,
]);
export type RunEventErrorCode = z.infer<typeof runEventErrorCodeSchema>;

/** Token usage and cost of a run, summed over every model call it made. */
export const runEventUsageSchema = z.object({
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
  /** Cost in USD from the versioned price table, 8 decimal places; 0 for unpriced models. */
  cost_usd: z.number().min(0),
});
export type RunEventUsage = z.infer<typeof runEventUsageSchema>;

/** JSON arguments a tool was called with. */
const toolParamsSchema = z.record(z.string(), z.unknown());

/**
 * `status`: the run changed state (`running` at start, `retrying` on each retried or fallback model call,
 * `stopped` when stopped). `content` is a human-readable line for the UI. A `retrying` event also names
 * the attempt number, the model tried and why the previous attempt failed.
 */
export const runStatusEventBodySchema = z.object({
  type: z.literal('status'),
  status: runEventStatusSchema,
  content: z.string(),
  /** Attempt number of the model call about to run (2 = first retry), for `retrying`. */
  attempt: z.number().int().min(1).optional(),
  /** Model id of that attempt, e.g. `openai/gpt-4o-mini`, for `retrying`. */
  model: z.string().optional(),
  /** Why the previous attempt failed, for `retrying`. */
  reason: z.string().optional(),
  /**
   * On `running`: another worker took the run over after the one executing it stopped (ADR 0009). The
   * answer starts again: discard the text of this run received so far.
   */
  resumed: z.boolean().optional(),
  ...runNoteShape,
});

/**
 * `agent_switch`: routing chose who answers (seed 003): the agent, or one of its sub-agents, matched by
 * the fast topic match or by the model's topic analysis. `agent` is the display name.
 */
export const runAgentSwitchEventBodySchema = z.object({
  type: z.literal('agent_switch'),
  agent_id: uuidSchema,
  sub_agent_id: uuidSchema.nullable(),
  agent: z.string(),
  matched_topics: z.array(z.string()),
  via: z.enum(['topic_match', 'topic_analysis']),
  content: z.string(),
  ...runNoteShape,
});

/** `tool_call`: the model asked to run a tool with these parameters; the result follows as `tool_result`. */
export const runToolCallEventBodySchema = z.object({
  type: z.literal('tool_call'),
  tool: z.string(),
  tool_call_id: z.string(),
  params: toolParamsSchema,
  content: z.string(),
  ...runNoteShape,
});

/**
 * `tool_result`: a tool finished. `is_error` is true when it threw (the model sees `result`, the error
 * message, and may recover); `attempts` counts tool-level retries; `duration_ms` covers all of them.
 */
export const runToolResultEventBodySchema = z.object({
  type: z.literal('tool_result'),
  tool: z.string(),
  tool_call_id: z.string(),
  result: z.unknown(),
  is_error: z.boolean(),
  duration_ms: z.number().int().min(0),
  attempts: z.number().int().min(1),
  content: z.string(),
  ...runNoteShape,
});

/** `content`: a delta of the answer's text; the deltas of a run concatenate to its answer. */
export const runContentEventBodySchema = z.object({
  type: z.literal('content'),
  content: z.string(),
});

/**
 * `approval_request`: a critical tool (seed 004 #2) waits for a person's decision before it runs;
 * `approval_id` identifies the decision to send back.
 */
export const runApprovalRequestEventBodySchema = z.object({
  type: z.literal('approval_request'),
  approval_id: z.string(),
  tool: z.string(),
  tool_call_id: z.string(),
  params: toolParamsSchema,
  content: z.string(),
  /** The validators' warnings shown to the approver (issue 15). */
  warnings: z.array(z.string()).optional(),
  /** Client roles that may decide. */
  approver_roles: z.array(z.string()).optional(),
  /** When the default outcome applies if nobody decides (ISO-8601 UTC). */
  deadline_at: z.string().optional(),
  ...runNoteShape,
});

/** One numbered source a `retrieval` put in the prompt (and an answer may cite as `[n]`). */
export const runRetrievalSourceSchema = z.object({
  n: z.number().int().min(1),
  chunk_id: z.string(),
  document_id: z.string(),
  knowledge_base_id: z.string(),
  document_title: z.string(),
  heading_path: z.array(z.string()),
  page: z.number().int().nullable(),
  score: z.number(),
  /** The passage as the model read it (at most 1200 characters). */
  excerpt: z.string(),
});
export type RunRetrievalSource = z.infer<typeof runRetrievalSourceSchema>;

/**
 * `retrieval`: the knowledge bases attached to the answering agent were searched (issue 10); `query` is
 * what was searched, `sources` the passages given to the model, numbered as in the prompt.
 */
export const runRetrievalEventBodySchema = z.object({
  type: z.literal('retrieval'),
  query: z.string(),
  sources: z.array(runRetrievalSourceSchema),
  content: z.string(),
  ...runNoteShape,
});

/** `step_start`: a step of a team workflow began; `agent` names the agent running it. */
export const runStepStartEventBodySchema = z.object({
  type: z.literal('step_start'),
  step_id: z.string(),
  agent: z.string(),
  content: z.string(),
  ...runNoteShape,
});

/**
 * `step_end`: a step of a team workflow ended. A step that ran (completed, failed or cancelled) carries
 * its usage and cost as its row stores them (`individual_usage_metrics`, `individual_cost_metrics`:
 * every attempt's ledger rows), so a client can total the finished steps while the execution runs; a
 * skipped step, which never ran, carries neither.
 */
export const runStepEndEventBodySchema = z.object({
  type: z.literal('step_end'),
  step_id: z.string(),
  agent: z.string(),
  content: z.string(),
  individual_usage_metrics: teamUsageMetricsSchema.optional(),
  individual_cost_metrics: teamCostMetricsSchema.optional(),
  ...runNoteShape,
});

/**
 * `complete`: the run answered; terminal. `content` is the whole answer, `message_id` the stored
 * assistant message (null until the platform stores it), `usage` the sum over every model call.
 */
export const runCompleteEventBodySchema = z.object({
  type: z.literal('complete'),
  content: z.string(),
  message_id: z.string().nullable(),
  usage: runEventUsageSchema,
});

/**
 * `error`: the run failed; terminal. `code` is stable (see {@link runEventErrorCodeSchema}), `error` the
 * message, `retryable` whether sending the same message again may succeed.
 */
export const runErrorEventBodySchema = z.object({
  type: z.literal('error'),
  code: runEventErrorCodeSchema,
  error: z.string(),
  retryable: z.boolean(),
  content: z.string(),
  ...runNoteShape,
});

/** Every event type, in the order the seed 004 vocabulary lists them, then the platform's own. */
export const runEventTypes = [
  'status',
  'agent_switch',
  'tool_call',
  'tool_result',
  'content',
  'approval_request',
  'step_start',
  'step_end',
  'complete',
  'error',
  'retrieval',
] as const;
export type RunEventType = (typeof runEventTypes)[number];

/**
 * An event as an executor emits it, before the platform stamps it with run, sequence and time:
 * one discriminated union on `type`.
 */
export const runEventDraftSchema = z.discriminatedUnion('type', [
  runStatusEventBodySchema,
  runAgentSwitchEventBodySchema,
  runToolCallEventBodySchema,
  runToolResultEventBodySchema,
  runContentEventBodySchema,
  runApprovalRequestEventBodySchema,
  runStepStartEventBodySchema,
  runStepEndEventBodySchema,
  runCompleteEventBodySchema,
  runErrorEventBodySchema,
  runRetrievalEventBodySchema,
]);
/** {@link RunEvent} without `run_id`, `seq`, `conversation_id` and `created_at`. */
export type RunEventDraft = z.infer<typeof runEventDraftSchema>;

/**
 * Fields the platform stamps on every event. `seq` is the conversation's sequence number (the run's own
 * numbering when it has no conversation): it starts at 1, grows by one per event, and is the SSE `id`.
 */
const stampShape = {
  run_id: uuidSchema,
  seq: z.number().int().min(1),
  conversation_id: uuidSchema.nullable(),
  created_at: timestampSchema,
};

/** A run event as stored and streamed (`id: <seq>`, `event: <type>`, `data: <json>` over SSE). */
export const runEventSchema = z
  .discriminatedUnion('type', [
    runStatusEventBodySchema.extend(stampShape),
    runAgentSwitchEventBodySchema.extend(stampShape),
    runToolCallEventBodySchema.extend(stampShape),
    runToolResultEventBodySchema.extend(stampShape),
    runContentEventBodySchema.extend(stampShape),
    runApprovalRequestEventBodySchema.extend(stampShape),
    runStepStartEventBodySchema.extend(stampShape),
    runStepEndEventBodySchema.extend(stampShape),
    runCompleteEventBodySchema.extend(stampShape),
    runErrorEventBodySchema.extend(stampShape),
    runRetrievalEventBodySchema.extend(stampShape),
  ])
  .meta({ id: 'RunEvent' });
export type RunEvent = z.infer<typeof runEventSchema>;

/** The event variant of one type, e.g. `RunEventOf<'tool_result'>`. */
export type RunEventOf<TYPE extends RunEventType> = Extract<RunEvent, { type: TYPE }>;

/** What {@link stampRunEvent} adds to a draft. */
export interface RunEventStamp {
  runId: string;
  seq: number;
  conversationId: string | null;
  createdAt: Date;
}

/** Turns an executor's draft into a stored event. */
export function stampRunEvent(options: { draft: RunEventDraft } & RunEventStamp): RunEvent {
  const { draft, runId, seq, conversationId, createdAt } = options;
  return {
    ...draft,
    run_id: runId,
    seq,
    conversation_id: conversationId,
    created_at: createdAt.toISOString(),
  } as RunEvent;
}

/**
 * True for the event that ends a run: `complete`, `error`, or a `status` of `completed`, `failed` or
 * `stopped`. Every run ends with exactly one.
 */
export function isTerminalRunEvent(event: Pick<RunEventDraft, 'type'> & { status?: unknown }): boolean {
  if (event.type === 'complete' || event.type === 'error') return true;
  return (
    event.type === 'status' &&
    (event.status === 'completed' || event.status === 'failed' || event.status === 'stopped')
  );
}
