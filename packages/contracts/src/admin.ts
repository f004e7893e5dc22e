import { z } from 'zod';
import { pageQuerySchema, timestampSchema, uuidSchema } from './common.ts';
import {
  clientSchema,
  clientStatusSchema,
  memberRoleSchema,
  platformRoleSchema,
  userSchema,
} from './identity.ts';
import { clientLimitsSchema } from './limits.ts';

/** Query of `GET /v1/admin/clients`: a page, a search on name or slug, a status. */
export const adminClientListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  status: clientStatusSchema.optional(),
});
export type AdminClientListQuery = z.infer<typeof adminClientListQuerySchema>;

/** A client as the console lists it: the client with its people, agents, spend and last day's runs. */
export const adminClientSummarySchema = clientSchema
  .extend({
    members: z.number().int(),
    agents: z.number().int(),
    spent_usd: z.number().describe('this UTC month, from the ledger'),
    monthly_budget_usd: z.number().nullable(),
    runs_24h: z.number().int(),
    errors_24h: z.number().int().describe('runs that failed in the last 24 h'),
  })
  .meta({ id: 'AdminClientSummary' });
export type AdminClientSummary = z.infer<typeof adminClientSummarySchema>;

/** One day of a client's usage (UTC). */
export const adminUsageDaySchema = z.object({
  day: z.string().describe('YYYY-MM-DD, UTC'),
  cost_usd: z.number(),
  runs: z.number().int(),
  errors: z.number().int(),
});

/** Answer of `GET /v1/admin/clients/{id}`: everything the client's page shows. */
export const adminClientDetailSchema = z
  .object({
    client: clientSchema,
    limits: clientLimitsSchema,
    members: z.array(
      z.object({
        user_id: uuidSchema,
        email: z.string(),
        name: z.string(),
        role: memberRoleSchema,
        created_at: timestampSchema,
      }),
    ),
    agents: z.array(
      z.object({ id: uuidSchema, name: z.string(), model: z.string(), created_at: timestampSchema }),
    ),
    usage_daily: z.array(adminUsageDaySchema).describe('the last 30 days, oldest first, every day present'),
    notifications: z.array(
      z.object({
        id: uuidSchema,
        kind: z.string(),
        payload: z.record(z.string(), z.unknown()),
        created_at: timestampSchema,
        read_at: timestampSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'AdminClientDetail' });
export type AdminClientDetail = z.infer<typeof adminClientDetailSchema>;

/** Body of `POST /v1/admin/clients/{id}/suspend` and `/reactivate`: why (kept in the audit log). */
export const adminStatusChangeSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** Longest a client's prompt logging stays on in one go (ADR 0067): prompts hold personal data. */
export const promptLoggingMaxMinutes = 24 * 60;

/**
 * Body of `POST /v1/admin/clients/{id}/prompt-logging`: log the client's prompts for `minutes` (1 to
 * 1,440, default 60) from now, with the reason (kept in the client's audit log).
 */
export const adminPromptLoggingSchema = z
  .object({
    minutes: z.number().int().min(1).max(promptLoggingMaxMinutes).default(60),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();
export type AdminPromptLogging = z.infer<typeof adminPromptLoggingSchema>;

/** Body of `POST /v1/admin/clients/{id}/owner-invitation`: the future owner's email. */
export const adminOwnerInvitationSchema = z.object({ email: z.email().max(254) }).strict();

/** Query of `GET /v1/admin/users`: a page, a search on email or name, a platform role. */
export const adminUserListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  platform_role: platformRoleSchema.optional(),
});
export type AdminUserListQuery = z.infer<typeof adminUserListQuerySchema>;

/** A person as the console lists them: with their memberships and last login. */
export const adminUserSchema = userSchema
  .extend({
    last_login_at: timestampSchema.nullable(),
    memberships: z.array(
      z.object({ client_id: uuidSchema, client_name: z.string(), role: memberRoleSchema }),
    ),
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof adminUserSchema>;

/** Body of `PUT /v1/admin/users/{id}/platform-role`. */
export const setPlatformRoleSchema = z.object({ platform_role: platformRoleSchema }).strict();

/** Query of `GET /v1/admin/audit`: a page filtered by client, actor, action prefix and time. */
export const adminAuditQuerySchema = pageQuerySchema.extend({
  client_id: uuidSchema.optional(),
  actor_id: uuidSchema.optional(),
  action: z.string().trim().max(100).optional().describe('an action or its prefix: `admin.clients`'),
  from: timestampSchema.optional(),
  to: timestampSchema.optional(),
});
export type AdminAuditQuery = z.infer<typeof adminAuditQuerySchema>;

/** One row of the audit log as the console shows it. */
export const auditEntrySchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema.nullable(),
    client_name: z.string().nullable(),
    actor_type: z.enum(['user', 'api_key', 'platform_admin', 'system']),
    actor_id: uuidSchema.nullable(),
    actor_email: z.string().nullable(),
    action: z.string(),
    target_type: z.string(),
    target_id: uuidSchema.nullable(),
    data: z.record(z.string(), z.unknown()),
    request_id: z.string().nullable(),
    ip: z.string().nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Query of `GET /v1/admin/monitoring`: the last hour (per minute) or day (per hour). */
export const adminMonitoringQuerySchema = z.object({ window: z.enum(['hour', 'day']).default('hour') });

const dependencyHealthSchema = z.object({
  name: z.string(),
  status: z.enum(['ok', 'unavailable', 'not_configured']),
  latency_ms: z.number().nullable(),
  error: z.string().nullable(),
});
const latencySchema = z.object({
  p50_ms: z.number().nullable(),
  p95_ms: z.number().nullable(),
  p99_ms: z.number().nullable(),
});
const httpRouteSchema = z
  .object({ route: z.string(), requests: z.number().int(), errors: z.number().int() })
  .extend(latencySchema.shape);
/** A dependency's health judged from its recent outcomes: idle (none), ok, degraded (≥ 10% failed), failing (≥ 50%). */
const outcomeHealthSchema = z.enum(['idle', 'ok', 'degraded', 'failing']);

/** Answer of `GET /v1/admin/monitoring`: the platform's health at a glance. */
export const adminMonitoringSchema = z
  .object({
    generated_at: timestampSchema,
    window: z.enum(['hour', 'day']),
    dependencies: z.array(dependencyHealthSchema),
    runs: z
      .object({
        total: z.number().int(),
        failed: z.number().int(),
        error_rate: z.number().nullable(),
        in_progress: z.number().int(),
      })
      .extend(latencySchema.shape),
    runs_series: z.array(
      z.object({ at: timestampSchema, completed: z.number().int(), failed: z.number().int() }),
    ),
    by_model: z.array(
      z
        .object({ model: z.string(), runs: z.number().int(), failed: z.number().int() })
        .extend(latencySchema.shape),
    ),
    model_providers: z
      .array(
        z
          .object({
            provider: z.string(),
            status: outcomeHealthSchema,
            runs: z.number().int(),
            failed: z.number().int(),
            error_rate: z.number().nullable(),
            last_error_code: z.string().nullable(),
            last_failure_at: timestampSchema.nullable(),
            calls: z.number().int().describe('model calls in the ledger; the latency is theirs'),
          })
          .extend(latencySchema.shape),
      )
      .describe('health of each model provider from its runs and model calls over the window'),
    whatsapp: z
      .object({
        status: outcomeHealthSchema,
        received: z.number().int(),
        sent: z.number().int().describe('outbound messages (any status)'),
        delivered: z.number().int().describe('outbound messages delivered or read'),
        failed: z.number().int(),
        error_rate: z.number().nullable(),
        last_failure_at: timestampSchema.nullable(),
      })
      .describe('WhatsApp sends over the window, from the stored messages and their status callbacks'),
    queues: z.array(
      z.object({
        queue: z.string(),
        queued: z.number().int(),
        running: z.number().int(),
        dead: z.number().int(),
        oldest_due_age_seconds: z.number(),
      }),
    ),
    top_clients_by_cost: z.array(z.object({ client_id: uuidSchema, name: z.string(), cost_usd: z.number() })),
    top_clients_by_errors: z.array(
      z.object({ client_id: uuidSchema, name: z.string(), errors: z.number().int() }),
    ),
    http: z
      .object({
        processes: z
          .number()
          .int()
          .describe('server processes that wrote their figures in the last two minutes'),
        websocket_connections: z
          .number()
          .int()
          .describe("WebSocket connections now: the sum of those processes' latest counts"),
        requests: z.number().int(),
        errors: z.number().int().describe('answers with a 5xx status'),
        error_rate: z.number().nullable(),
        by_route: z.array(httpRouteSchema).describe('the busiest 20 routes'),
        series: z.array(
          z.object({ at: timestampSchema, requests: z.number().int(), errors: z.number().int() }),
        ),
        breaker_opens: z.array(z.object({ tool: z.string(), count: z.number().int() })),
      })
      .describe(
        "HTTP traffic of every server process over the window, from the minutes each one stores (ADR 0062): percentiles of the processes' summed latency histograms; per minute (hour) or per hour (day)",
      ),
    process: z
      .object({
        websocket_connections: z.number().int(),
        http_by_route: z.array(httpRouteSchema),
        http_since: timestampSchema.describe(
          "the moment http_by_route counts from: the window's start, or the process's start when it is younger",
        ),
        breaker_opens: z.array(z.object({ tool: z.string(), count: z.number().int() })),
      })
      .nullable()
      .describe(
        "this process's figures: WebSocket connections now, HTTP by route over the window (from snapshots a minute apart), breaker openings since it started; null when metrics are off",
      ),
  })
  .meta({ id: 'AdminMonitoring' });
export type AdminMonitoring = z.infer<typeof adminMonitoringSchema>;
