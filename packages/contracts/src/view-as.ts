import { z } from 'zod';
import { agentToolSchema } from './agents.ts';
import { pageQuerySchema, timestampSchema, uuidSchema } from './common.ts';

/** How long a view-as session lasts (ADR 0040): long enough for a support call, never open-ended. */
export const viewAsMinutes = 30;

/** Body of `POST /v1/admin/clients/{id}/view-as`: why the admin looks (shown to the client's owner). */
export const startViewAsSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export type StartViewAs = z.infer<typeof startViewAsSchema>;

/** A view-as session as the API shows it. */
export const viewAsSessionSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    client_name: z.string(),
    admin_user_id: uuidSchema,
    reason: z.string(),
    started_at: timestampSchema,
    expires_at: timestampSchema,
    ended_at: timestampSchema.nullable(),
  })
  .meta({ id: 'ViewAsSession' });
export type ViewAsSession = z.infer<typeof viewAsSessionSchema>;

/** Answer of `POST /v1/admin/clients/{id}/view-as`: the read-only access token and its session. */
export const viewAsGrantSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    session: viewAsSessionSchema,
  })
  .meta({ id: 'ViewAsGrant' });
export type ViewAsGrant = z.infer<typeof viewAsGrantSchema>;

/** One row of a client's own audit log (`GET /v1/audit`), with the acting person's email. */
export const clientAuditEntrySchema = z
  .object({
    id: uuidSchema,
    actor_type: z.enum(['user', 'api_key', 'platform_admin', 'system']),
    actor_id: uuidSchema.nullable(),
    actor_email: z.string().nullable(),
    action: z.string(),
    target_type: z.string(),
    target_id: uuidSchema.nullable(),
    data: z.record(z.string(), z.unknown()),
    created_at: timestampSchema,
  })
  .meta({ id: 'ClientAuditEntry' });
export type ClientAuditEntry = z.infer<typeof clientAuditEntrySchema>;

/** Query of `GET /v1/audit`: a page, optionally one action or its dotted prefix (`view_as`). */
export const clientAuditQuerySchema = pageQuerySchema.extend({
  action: z.string().trim().max(100).optional(),
});
export type ClientAuditQuery = z.infer<typeof clientAuditQuerySchema>;

const globalAgentFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  category: z.string().trim().max(100).nullable().optional(),
  model: z.string().trim().min(1).max(200),
  system_prompt: z.string().min(1).max(100_000),
  tools: z.array(agentToolSchema).max(32).optional(),
};

/** Body of `POST /v1/admin/global-agents`. */
export const createGlobalAgentSchema = z.object(globalAgentFields).strict();
export type CreateGlobalAgent = z.infer<typeof createGlobalAgentSchema>;

/** Body of `PATCH /v1/admin/global-agents/{id}`: any field; `retired` retires or offers it again. */
export const updateGlobalAgentSchema = z
  .object({
    ...Object.fromEntries(Object.entries(globalAgentFields).map(([key, schema]) => [key, schema.optional()])),
    retired: z.boolean().optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
export type UpdateGlobalAgent = Partial<CreateGlobalAgent> & { retired?: boolean };

/** An agent the platform offers every client. */
export const globalAgentSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable(),
    model: z.string(),
    system_prompt: z.string(),
    tools: z.array(agentToolSchema),
    retired_at: timestampSchema.nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'GlobalAgent' });
export type GlobalAgent = z.infer<typeof globalAgentSchema>;

/** Query of `GET /v1/admin/global-agents`: a page, retired ones included on request. */
export const adminGlobalAgentQuerySchema = pageQuerySchema.extend({
  include_retired: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

/** Body of `POST /v1/global-agents/{id}/copy`: the copy's name (default: the global agent's). */
export const copyGlobalAgentSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    into: z.enum(['agent', 'prompt_template']).default('agent'),
  })
  .strict();
export type CopyGlobalAgent = z.infer<typeof copyGlobalAgentSchema>;
