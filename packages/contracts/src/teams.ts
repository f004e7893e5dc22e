import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';
import { runEventDraftSchema } from './run-events.ts';
import { teamCostMetricsSchema, teamUsageMetricsSchema } from './team-metrics.ts';

/**
 * Teams of agents (seed 002): the workflow DSL a team stores as `workflow_definition`, the team and
 * execution bodies of `/v1/teams` and `/v1/team-executions`, and the execution's event envelope.
 */

/** How a team runs its steps: one after another, all at once, or each when its conditions hold. */
export const workflowTypeSchema = z.enum(['sequential', 'parallel', 'conditional']);
export type WorkflowType = z.infer<typeof workflowTypeSchema>;

/** One part of a `combined` input: the initial prompt or an earlier agent's result. */
export const workflowCombinedSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent_result'), agent_id: uuidSchema }).strict(),
  z.object({ type: z.literal('initial_prompt') }).strict(),
]);
export type WorkflowCombinedSource = z.infer<typeof workflowCombinedSourceSchema>;

/** What a step's agent is asked: the initial prompt, one earlier agent's result, or several combined. */
export const workflowInputSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('initial_prompt') }).strict(),
  z.object({ source: z.literal('agent_result'), agent_id: uuidSchema }).strict(),
  z
    .object({ source: z.literal('combined'), sources: z.array(workflowCombinedSourceSchema).min(1).max(20) })
    .strict(),
]);
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/** Operators a condition may use; a missing field satisfies only `exists` with `value: false`. */
export const workflowConditionOperators = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'exists',
] as const;
export const workflowConditionOperatorSchema = z.enum(workflowConditionOperators);
export type WorkflowConditionOperator = z.infer<typeof workflowConditionOperatorSchema>;

/**
 * One condition of a conditional step: `field` is a path into the shared context, such as
 * `agent_<agent id>_result.category` or `initial_prompt`. A step's conditions must all hold.
 */
export const workflowConditionSchema = z
  .object({
    field: z
      .string()
      .min(1)
      .max(300)
      .regex(
        /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
        'must be a dotted path such as agent_<id>_result.category',
      ),
    // Checked per operator by the workflow validator, so the message can name the operator.
    operator: z.string().min(1).max(40),
    value: z.unknown().optional(),
  })
  .strict();
export type WorkflowCondition = z.infer<typeof workflowConditionSchema>;

/** Retry and timeout of a step (seed 004 #3). */
export const workflowStepPolicySchema = z
  .object({
    /** Attempts of the agent's run before the step fails. @defaultValue 3 */
    max_attempts: z.number().int().min(1).max(5).optional(),
    /** Time one attempt may take before it is stopped. @defaultValue 300 */
    timeout_seconds: z.number().int().min(1).max(3600).optional(),
  })
  .strict();
export type WorkflowStepPolicy = z.infer<typeof workflowStepPolicySchema>;

/** Defaults of {@link workflowStepPolicySchema}. */
export const workflowStepDefaults = { max_attempts: 3, timeout_seconds: 300 } as const;

/** One step of a team: an agent, its role, what it is asked, and for conditional teams when it runs. */
export const workflowStepSchema = z
  .object({
    agent_id: uuidSchema,
    role: z.string().trim().min(1).max(100),
    /** @defaultValue `{ "source": "initial_prompt" }` */
    input: workflowInputSchema.optional(),
    conditions: z.array(workflowConditionSchema).max(20).optional(),
    /**
     * A JSON schema the agent's answer must satisfy (asked of the agent and validated); the step fails
     * with a clear error when it does not.
     */
    output_schema: z.record(z.string(), z.unknown()).optional(),
    retry: workflowStepPolicySchema.optional(),
  })
  .strict();
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

/** A team's `workflow_definition` (seed 002's DSL). */
export const workflowDefinitionSchema = z
  .object({
    type: workflowTypeSchema,
    // An empty list is answered by the validator with a message naming `agents`.
    agents: z.array(workflowStepSchema).max(20),
    /** Steps of one execution running at once (parallel and conditional teams). @defaultValue 4 */
    max_parallel: z.number().int().min(1).max(20).optional(),
  })
  .strict()
  .meta({ id: 'WorkflowDefinition' });
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/** Default of {@link WorkflowDefinition.max_parallel}. */
export const defaultMaxParallel = 4;

/** One problem of a definition: where (`agents.2.input.agent_id`) and what. */
export const workflowProblemSchema = z.object({
  field: z.string(),
  message: z.string(),
  step: z.number().int().nullable(),
});
export type WorkflowProblem = z.infer<typeof workflowProblemSchema>;

export const teamStatusSchema = z.enum(['active', 'inactive']);
export type TeamStatus = z.infer<typeof teamStatusSchema>;

/** A team as the API returns it. */
export const teamSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    workflow_definition: workflowDefinitionSchema,
    status: teamStatusSchema,
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Team' });
export type Team = z.infer<typeof teamSchema>;

/** Body of `POST /v1/teams`. */
export const createTeamSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    workflow_definition: workflowDefinitionSchema,
    /** @defaultValue 'active' */
    status: teamStatusSchema.optional(),
  })
  .strict();
export type CreateTeam = z.infer<typeof createTeamSchema>;

/** Body of `PATCH /v1/teams/{id}`. */
export const updateTeamSchema = createTeamSchema
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
export type UpdateTeam = z.infer<typeof updateTeamSchema>;

/** Body of `POST /v1/teams/validate`: a definition checked without saving. */
export const validateWorkflowSchema = z.object({ workflow_definition: workflowDefinitionSchema }).strict();

/** Answer of `POST /v1/teams/validate`. */
export const workflowValidationSchema = z.object({
  valid: z.boolean(),
  problems: z.array(workflowProblemSchema),
});

/** Body of `POST /v1/teams/{id}/executions` (seed 002 `execute_team`). */
export const executeTeamSchema = z.object({ initial_prompt: z.string().trim().min(1).max(100_000) }).strict();
export type ExecuteTeam = z.infer<typeof executeTeamSchema>;

export const teamExecutionStatusSchema = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']);
export type TeamExecutionStatus = z.infer<typeof teamExecutionStatusSchema>;

export const teamStepStatusSchema = z.enum([
  'pending',
  'running',
  'completed',
  'failed',
  'skipped',
  'cancelled',
]);
export type TeamStepStatus = z.infer<typeof teamStepStatusSchema>;

/** One step of an execution (`renum_team_agent_executions`). */
export const teamAgentExecutionSchema = z
  .object({
    id: uuidSchema,
    execution_id: uuidSchema,
    step_index: z.number().int(),
    agent_id: uuidSchema,
    role: z.string(),
    run_id: uuidSchema.nullable(),
    status: teamStepStatusSchema,
    input: z.string().nullable(),
    result: z.unknown(),
    individual_usage_metrics: teamUsageMetricsSchema.nullable(),
    individual_cost_metrics: teamCostMetricsSchema.nullable(),
    attempts: z.number().int(),
    /** The stable code of the step's failure (a run error code, or `VALIDATION_ERROR` for an answer that did not fit its schema). */
    error_code: z.string().nullable(),
    error: z.string().nullable(),
    started_at: timestampSchema.nullable(),
    finished_at: timestampSchema.nullable(),
  })
  .meta({ id: 'TeamAgentExecution' });
export type TeamAgentExecution = z.infer<typeof teamAgentExecutionSchema>;

/** An execution of a team (`renum_team_executions`), with its steps. */
/** Answer of `GET /v1/team-executions/{id}/context`: the shared context as the last finished step left it. */
export const teamExecutionContextSchema = z
  .object({ execution_id: uuidSchema, shared_context: z.record(z.string(), z.unknown()) })
  .meta({ id: 'TeamExecutionContext' });
export type TeamExecutionContext = z.infer<typeof teamExecutionContextSchema>;

export const teamExecutionSchema = z
  .object({
    id: uuidSchema,
    team_id: uuidSchema,
    client_id: uuidSchema,
    user_id: uuidSchema.nullable(),
    status: teamExecutionStatusSchema,
    initial_prompt: z.string(),
    execution_plan: z.unknown(),
    shared_context: z.record(z.string(), z.unknown()),
    usage_metrics: teamUsageMetricsSchema.nullable(),
    cost_metrics: teamCostMetricsSchema.nullable(),
    error: z.string().nullable(),
    last_seq: z.number().int(),
    created_at: timestampSchema,
    started_at: timestampSchema.nullable(),
    finished_at: timestampSchema.nullable(),
    steps: z.array(teamAgentExecutionSchema),
  })
  .meta({ id: 'TeamExecution' });
export type TeamExecution = z.infer<typeof teamExecutionSchema>;

/** Answer of `POST /v1/teams/{id}/executions`: the execution starts in the background. */
export const executeTeamResponseSchema = z.object({
  execution_id: uuidSchema,
  status: teamExecutionStatusSchema,
});

/**
 * An event of an execution: the run event vocabulary (`step_start`, `step_end`, `status`, `complete`,
 * `error`, and each step's own events), numbered once per execution (`seq`, the SSE `id`).
 */
export const teamExecutionEventSchema = z
  .intersection(
    runEventDraftSchema,
    z.object({
      execution_id: uuidSchema,
      seq: z.number().int().min(1),
      run_id: uuidSchema.nullable(),
      step_index: z.number().int().nullable(),
      created_at: timestampSchema,
    }),
  )
  .meta({ id: 'TeamExecutionEvent' });
export type TeamExecutionEvent = z.infer<typeof teamExecutionEventSchema>;

/** Query of `GET /v1/team-executions/{id}/events`: events after this number. */
export const teamExecutionEventsQuerySchema = z.object({
  after_seq: z.coerce.number().int().min(0).default(0),
});

/** Payload of the `team.advance` job: decide and start an execution's next steps. */
export const teamAdvanceJobPayloadSchema = z.object({ execution_id: uuidSchema, client_id: uuidSchema });
/** Payload of the `team.step` job: run one step of an execution. */
export const teamStepJobPayloadSchema = z.object({
  execution_id: uuidSchema,
  step_id: uuidSchema,
  client_id: uuidSchema,
});

/**
 * The line a step with an `output_schema` adds after its input, before the schema itself (ADR 0044: the
 * schema is asked through the provider's API and in words). The offline model reads the question before it.
 */
export const structuredAnswerInstruction =
  'Answer with only a JSON value (no other text) that satisfies this JSON schema:';
