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
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof planSchema>;

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
