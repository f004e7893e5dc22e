import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/** Channels an agent or sub-agent talks on (seed 003). */
export const channelSchema = z.enum(['whatsapp', 'web', 'sms', 'email']);
export type Channel = z.infer<typeof channelSchema>;

/** Lifecycle of an agent: drafts are the sandbox before publishing. */
export const agentStatusSchema = z.enum(['draft', 'active', 'inactive']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

const nameSchema = z.string().trim().min(1).max(200);
const promptSchema = z.string().min(1).max(100_000);
const modelSchema = z.string().trim().min(1).max(200);
const slugSchema = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens');

/** Tools an agent can enable: the built-ins and those that go out through the tool proxy. */
export const agentToolNames = [
  'calculator',
  'current_time',
  'web_search',
  'web_scrape',
  'whatsapp_send_message',
  'http_request',
] as const;

/**
 * The tools an agent gets when it is created without a `tools` list. Built-ins are opt-in like every
 * other tool (ADR 0034): an agent runs with exactly the tools it lists, and this is only the create
 * default, so an agent saved with `tools: []` has none.
 */
export const defaultAgentToolNames = ['calculator', 'current_time'] as const;

/**
 * One enabled tool with its options. `critical` marks a tool whose calls need a person's approval (seed
 * 004 #2; the approval flow is a later issue, for now the flag is stored and shown). When omitted, the
 * tool's default applies: `whatsapp_send_message` is critical, an HTTP tool follows its definition's
 * `critical`, the others are not.
 */
export const agentToolSchema = z
  .object({
    name: z.enum(agentToolNames),
    options: z.record(z.string(), z.unknown()).optional(),
    critical: z.boolean().optional(),
  })
  .strict();
export type AgentTool = z.infer<typeof agentToolSchema>;

/**
 * Executors an agent may run on: `builtin` (the platform's own tool loop) or `suna` (an external Suna
 * backend, issue 13; accepted only when the deployment has Suna configured).
 */
export const executorKindSchema = z.enum(['builtin', 'suna']);
export type ExecutorKind = z.infer<typeof executorKindSchema>;

/** A web origin allowed to embed the widget, e.g. `https://shop.example`. */
export const originSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/i, 'must be an origin like https://shop.example');

/** An agent as the API returns it (every column of seed 003's `agents`). */
export const agentSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    slug: z.string(),
    model: z.string(),
    system_prompt: z.string(),
    channel: channelSchema,
    template_type: z.string().nullable(),
    status: agentStatusSchema,
    is_public: z.boolean(),
    public_url: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    access_count: z.number().int(),
    /** Origins whose pages may embed the widget and chat through the public API (ADR 0046). */
    allowed_origins: z.array(z.string()),
    /** Enabled tools; `critical` is resolved (the tool's default when the agent did not set it). */
    tools: z.array(
      z.object({
        name: z.string(),
        options: z.record(z.string(), z.unknown()).optional(),
        critical: z.boolean(),
      }),
    ),
    /** Models tried in order when the agent's model fails with a retryable error. */
    fallback_models: z.array(z.string()),
    /** Most model steps (tool round trips) in one answer. */
    max_steps: z.number().int(),
    /** Who executes the agent's runs: `builtin` (the platform's own tool loop) or `suna`. */
    executor: z.string(),
    /** When set, the agent's system prompt is this prompt-template version's body. */
    prompt_template_version_id: uuidSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'Agent' });
export type Agent = z.infer<typeof agentSchema>;

/** Body of `POST /v1/agents`: only `name` and `system_prompt` are required. */
export const createAgentSchema = z
  .object({
    name: nameSchema,
    system_prompt: promptSchema,
    description: z.string().max(2000).nullable().optional(),
    slug: slugSchema.optional(),
    model: modelSchema.optional(),
    channel: channelSchema.optional(),
    template_type: z.string().max(100).nullable().optional(),
    status: agentStatusSchema.optional(),
    is_public: z.boolean().optional(),
    /** Origins allowed to embed the widget, e.g. `https://shop.example`. @defaultValue [] */
    allowed_origins: z.array(originSchema).max(20).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    /** Exactly the tools the agent may call. @defaultValue calculator and current_time */
    tools: z.array(agentToolSchema).max(32).optional(),
    /** Ordered fallbacks, tried when the model fails with a retryable error. @defaultValue [] */
    fallback_models: z.array(modelSchema).max(5).optional(),
    /** @defaultValue 8 */
    max_steps: z.number().int().min(1).max(50).optional(),
    /** @defaultValue 'builtin' */
    executor: executorKindSchema.optional(),
    /** A version of one of the client's prompt templates (`GET /v1/prompt-templates/{id}/versions/{n}`). */
    prompt_template_version_id: uuidSchema.nullable().optional(),
  })
  .strict();
export type CreateAgent = z.infer<typeof createAgentSchema>;

/** Body of `PATCH /v1/agents/{id}`; `regenerate_slug` derives a new slug from the (new) name. */
export const updateAgentSchema = createAgentSchema
  .partial()
  .extend({ regenerate_slug: z.boolean().optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
export type UpdateAgent = z.infer<typeof updateAgentSchema>;

/** Query of `GET /v1/agents`. */
export const listAgentsQuerySchema = z.object({
  status: agentStatusSchema.optional(),
  search: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListAgentsQuery = z.infer<typeof listAgentsQuerySchema>;

const topicsSchema = z
  .array(z.string().max(100))
  .max(100)
  .transform((topics) => [...new Set(topics.map((topic) => topic.trim().toLowerCase()).filter(Boolean))])
  .refine((topics) => topics.length > 0, { message: 'at least one non-empty topic is required' });

/** A sub-agent: a specialist of an agent that takes over by topic (seed 003). */
export const subAgentSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    agent_id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    topics: z.array(z.string()),
    model: z.string(),
    system_prompt: z.string(),
    channel: z.string(),
    is_active: z.boolean(),
    fine_tuning_config: z.unknown().nullable(),
    knowledge_base: z.unknown().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'SubAgent' });
export type SubAgent = z.infer<typeof subAgentSchema>;

/** Body of `POST /v1/agents/{agent_id}/sub-agents`. Topics are trimmed, lower-cased and deduplicated. */
export const createSubAgentSchema = z
  .object({
    name: nameSchema,
    system_prompt: promptSchema,
    topics: topicsSchema,
    description: z.string().max(2000).nullable().optional(),
    model: modelSchema.optional(),
    channel: channelSchema.optional(),
    is_active: z.boolean().optional(),
    fine_tuning_config: z.unknown().optional(),
    knowledge_base: z.unknown().optional(),
  })
  .strict();
export type CreateSubAgent = z.infer<typeof createSubAgentSchema>;

/** Body of `PATCH /v1/agents/{agent_id}/sub-agents/{id}`. */
export const updateSubAgentSchema = createSubAgentSchema
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
export type UpdateSubAgent = z.infer<typeof updateSubAgentSchema>;
