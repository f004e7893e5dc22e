import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/** One option of a tool, summarised from its option schema for the builder's tool editor. */
export const toolOptionInfoSchema = z.object({
  name: z.string(),
  /** JSON Schema type (`string`, `integer`, `boolean`, `object`, `array`…), or `any`. */
  type: z.string(),
  required: z.boolean(),
  default: z.unknown().optional(),
  /** Allowed values, for an enum option. */
  values: z.array(z.unknown()).optional(),
  description: z.string().optional(),
});
export type ToolOptionInfo = z.infer<typeof toolOptionInfoSchema>;

/** The parts of a JSON Schema object that {@link fieldsOfJsonSchema} reads. */
export interface JsonSchemaObject {
  properties?: Record<
    string,
    { type?: string | string[]; default?: unknown; enum?: unknown[]; description?: string }
  >;
  required?: unknown;
}

/**
 * The top-level properties of a JSON Schema object as form fields: the server summarises a tool's option
 * and input schemas with it, the builder an HTTP tool's own `parameters`.
 */
export function fieldsOfJsonSchema(schema: JsonSchemaObject): ToolOptionInfo[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'any'),
    required: required.has(name),
    ...(property.default === undefined ? {} : { default: property.default }),
    ...(property.enum ? { values: property.enum } : {}),
    ...(property.description ? { description: property.description } : {}),
  }));
}

/** A tool an agent can enable, as `GET /v1/tools` lists it. */
export const toolInfoSchema = z
  .object({
    name: z.string(),
    /** `builtin` runs inside the platform; `outbound` goes out through the tool proxy. */
    kind: z.enum(['builtin', 'outbound']),
    description: z.string(),
    /** Whether calls need a person's approval when the agent does not say (seed 004 #2). */
    critical_default: z.boolean(),
    options: z.array(toolOptionInfoSchema),
    /**
     * The arguments of one call, for the builder's "Test" dialog. Empty for `http_request`: an HTTP
     * tool's arguments are its definition's `parameters` (a JSON Schema the builder reads from the options).
     */
    input: z.array(toolOptionInfoSchema),
    /**
     * Whether `POST /v1/agents/{id}/tools/{tool}/test` may run it (ADR 0066): tools without side effects.
     * `http_request` is testable only when its method is GET; any tool needing approval never is.
     */
    testable: z.boolean(),
  })
  .meta({ id: 'ToolInfo' });
export type ToolInfo = z.infer<typeof toolInfoSchema>;

/** Answer of `GET /v1/dashboard`: the builder's first screen in one call. */
export const dashboardSchema = z
  .object({
    agents_by_status: z.object({
      draft: z.number().int(),
      active: z.number().int(),
      inactive: z.number().int(),
    }),
    /** Since midnight UTC. */
    conversations_today: z.number().int(),
    runs_today: z.number().int(),
    /** Since the first of the month, UTC, from the usage ledger. */
    month: z.object({ total_tokens: z.number().int(), cost_usd: z.number(), calls: z.number().int() }),
    /** The latest failed runs (at most 5). */
    recent_errors: z.array(
      z.object({
        run_id: uuidSchema,
        agent_id: uuidSchema,
        agent_name: z.string().nullable(),
        error_code: z.string().nullable(),
        error_message: z.string().nullable(),
        created_at: timestampSchema,
      }),
    ),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;

/** Path parameters of `POST /v1/agents/{id}/tools/{tool}/test`: the tool's name as the model calls it. */
export const toolTestParamsSchema = z.object({
  id: z.string(),
  tool: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a tool name: lower-case letters, digits and _, from a letter'),
});

/** Body of `POST /v1/agents/{id}/tools/{tool}/test`: one call's arguments, checked against the tool's schema. */
export const toolTestBodySchema = z.object({
  input: z.record(z.string(), z.unknown()).default({}),
});
export type ToolTestBody = z.input<typeof toolTestBodySchema>;
