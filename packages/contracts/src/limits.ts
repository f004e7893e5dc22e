import { z } from 'zod';
import { pageQuerySchema, timestampSchema } from './common.ts';

/** A monthly budget in USD; `null` means none. */
const budgetSchema = z.number().min(0).max(1_000_000_000).nullable();
/** A positive limit; `null` means none. */
const limitSchema = z.number().int().min(1).max(1_000_000).nullable();

/** A named plan: a monthly budget and limits, each `null` for none. */
export const planSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    monthly_budget_usd: budgetSchema,
    requests_per_minute: limitSchema,
    max_concurrent_runs: limitSchema,
    version: z.number().int().min(1).describe('the version in force; an edit names it as base_version'),
    retired_at: timestampSchema.nullable().describe('set when retired: no client can be put on it'),
    clients: z.number().int().min(0).describe('clients on this plan now'),
    updated_at: timestampSchema,
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof planSchema>;

/** A plan's name: lower case letters, digits, `-` and `_`, starting with a letter or digit. */
export const planNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower case letters, digits, - and _');

/** A plan's editable values; every limit is required (`null`: no limit) so a version is whole. */
const planValuesSchema = z.object({
  description: z.string().trim().max(500),
  monthly_budget_usd: budgetSchema,
  requests_per_minute: limitSchema,
  max_concurrent_runs: limitSchema,
  /** Why (kept in the audit log). */
  reason: z.string().trim().max(500).optional(),
});

/** Body of `POST /v1/admin/plans`. */
export const createPlanSchema = planValuesSchema.extend({ name: planNameSchema }).strict();
export type CreatePlan = z.infer<typeof createPlanSchema>;

/** Body of `PUT /v1/admin/plans/{name}`: the plan's values as a new version. */
export const updatePlanSchema = planValuesSchema
  .extend({
    /** The version the admin edited: a change on an older one is `409 CONFLICT`. */
    base_version: z.number().int().min(1),
  })
  .strict();
export type UpdatePlan = z.infer<typeof updatePlanSchema>;

/** Body of `POST /v1/admin/plans/{name}/retire` and `/reinstate`. */
export const planStatusChangeSchema = z
  .object({ base_version: z.number().int().min(1), reason: z.string().trim().max(500).optional() })
  .strict();
export type PlanStatusChange = z.infer<typeof planStatusChangeSchema>;

/** One stored version of a plan (`GET /v1/admin/plans/{name}/versions`, newest first). */
export const planVersionSchema = z
  .object({
    plan: z.string(),
    version: z.number().int().min(1),
    description: z.string(),
    monthly_budget_usd: budgetSchema,
    requests_per_minute: limitSchema,
    max_concurrent_runs: limitSchema,
    retired: z.boolean(),
    created_by: z.string().nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'PlanVersion' });
export type PlanVersion = z.infer<typeof planVersionSchema>;

/**
 * A client's limits as enforced: its plan's values with its own overrides on top, this month's
 * spend (UTC calendar month, from the ledger) and its unfinished runs.
 */
export const clientLimitsSchema = z
  .object({
    client_id: z.string(),
    plan: z.string(),
    month: z.string().describe('YYYY-MM, UTC'),
    period_start: timestampSchema,
    period_end: timestampSchema,
    monthly_budget_usd: budgetSchema,
    spent_usd: z.number(),
    budget_used_percent: z.number().nullable(),
    budget_status: z.enum(['ok', 'warning', 'exceeded']),
    requests_per_minute: limitSchema,
    max_concurrent_runs: limitSchema,
    active_runs: z.number().int(),
    overrides: z.object({
      monthly_budget_usd: budgetSchema,
      requests_per_minute: limitSchema,
      max_concurrent_runs: limitSchema,
    }),
  })
  .meta({ id: 'ClientLimits' });
export type ClientLimits = z.infer<typeof clientLimitsSchema>;

/**
 * Body of `PUT /v1/admin/clients/{id}/limits`: the plan (kept when absent) and the client's own
 * values. It replaces every override: an absent or `null` value means "the plan's value"; assign
 * the `unlimited` plan for no limit at all.
 */
export const setClientLimitsSchema = z
  .object({
    plan: z.string().trim().min(1).max(50).optional(),
    monthly_budget_usd: budgetSchema.optional(),
    requests_per_minute: limitSchema.optional(),
    max_concurrent_runs: limitSchema.optional(),
  })
  .strict();
export type SetClientLimits = z.infer<typeof setClientLimitsSchema>;

/** A message to a client's team, e.g. a budget alert (`budget.warning`, `budget.exceeded`). */
export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    payload: z.record(z.string(), z.unknown()),
    created_at: timestampSchema,
    read_at: timestampSchema.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

/** Query of `GET /v1/notifications`: a page, newest first, optionally only unread ones. */
export const notificationQuerySchema = pageQuerySchema.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
export type NotificationQuery = z.infer<typeof notificationQuerySchema>;
