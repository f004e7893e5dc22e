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
