import {
  adminAuditQuerySchema,
  adminClientDetailSchema,
  adminMonitoringQuerySchema,
  adminMonitoringSchema,
  adminOwnerInvitationSchema,
  adminPromptLoggingSchema,
  adminStatusChangeSchema,
  auditEntrySchema,
  clientSchema,
  createdInvitationSchema,
  pageSchema,
  setPlatformRoleSchema,
  userSchema,
} from '@renum/contracts';
import {
  changeClientStatus,
  getClientDetail,
  inviteClientOwner,
  readMonitoring,
  searchAudit,
  setPlatformRole,
  turnOffPromptLogging,
  turnOnPromptLogging,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RenumMetrics } from '../observability/metrics.ts';
import { storedProcessStats } from '../observability/stored-process-stats.ts';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity } from './route-schemas.ts';

/** What the console's routes read besides the route context: this process's metrics, when on. */
export interface AdminConsoleContext extends RouteContext {
  metrics?: RenumMetrics | undefined;
}

const tags = ['admin'];
const idParams = z.object({ id: z.string() });

/** The admin console's API (issue 16): a client's page, suspension, platform admins, audit, monitoring. */
export async function adminConsoleRoutes(instance: FastifyInstance, context: AdminConsoleContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { deps } = context;
  app.get(
    '/v1/admin/clients/:id',
    {
      schema: {
        tags,
        summary: "A client's page: limits, members, agents, 30 days of usage, notifications",
        security: personSecurity,
        params: idParams,
        response: { 200: adminClientDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      getClientDetail(deps, { principal: principalOf(request), clientId: request.params.id }),
  );
  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['reactivate', 'active'],
  ] as const) {
    app.post(
      `/v1/admin/clients/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action === 'suspend' ? 'Suspend' : 'Reactivate'} a client, with the reason (audited)`,
          security: personSecurity,
          params: idParams,
          body: adminStatusChangeSchema,
          response: { 200: clientSchema, ...errorResponses },
        },
      },
      async (request) =>
        changeClientStatus(deps, {
          principal: principalOf(request),
          clientId: request.params.id,
          status,
          reason: request.body.reason,
        }),
    );
  }
  app.post(
    '/v1/admin/clients/:id/prompt-logging',
    {
      schema: {
        tags,
        summary: "Log the client's prompts for some minutes (at most 24 h), with the reason (audited)",
        security: personSecurity,
        params: idParams,
        body: adminPromptLoggingSchema,
        response: { 200: clientSchema, ...errorResponses },
      },
    },
    async (request) =>
      turnOnPromptLogging(deps, {
        principal: principalOf(request),
        clientId: request.params.id,
        minutes: request.body.minutes,
        reason: request.body.reason,
      }),
  );
  app.delete(
    '/v1/admin/clients/:id/prompt-logging',
    {
      schema: {
        tags,
        summary: "Stop logging the client's prompts before its time runs out (audited)",
        security: personSecurity,
        params: idParams,
        response: { 200: clientSchema, ...errorResponses },
      },
    },
    async (request) =>
      turnOffPromptLogging(deps, { principal: principalOf(request), clientId: request.params.id }),
  );
  app.post(
    '/v1/admin/clients/:id/owner-invitation',
    {
      schema: {
        tags,
        summary: "Invite a client's owner (an invitation with the owner role; the token shown once)",
        security: personSecurity,
        params: idParams,
        body: adminOwnerInvitationSchema,
        response: { 201: createdInvitationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await inviteClientOwner(deps, {
          principal: principalOf(request),
          clientId: request.params.id,
          email: request.body.email,
        }),
      ),
  );
  app.put(
    '/v1/admin/users/:id/platform-role',
    {
      schema: {
        tags,
        summary: 'Grant or revoke the platform-admin flag (never the last admin)',
        security: personSecurity,
        params: idParams,
        body: setPlatformRoleSchema,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) =>
      setPlatformRole(deps, {
        principal: principalOf(request),
        userId: request.params.id,
        platformRole: request.body.platform_role,
      }),
  );
  app.get(
    '/v1/admin/audit',
    {
      schema: {
        tags,
        summary: 'Search the audit log by client, actor, action and time',
        security: personSecurity,
        querystring: adminAuditQuerySchema,
        response: { 200: pageSchema(auditEntrySchema), ...errorResponses },
      },
    },
    async (request) => searchAudit(deps, { principal: principalOf(request), query: request.query }),
  );
  const processStats = context.metrics ? storedProcessStats(context.metrics, deps) : undefined;
  // Before the database closes (shutdown closes the app first): the last partial minute is stored.
  if (processStats) instance.addHook('onClose', async () => processStats.close());
  const redis = context.readiness?.redis;
  app.get(
    '/v1/admin/monitoring',
    {
      schema: {
        tags,
        summary: "The platform's health: dependencies, runs, latency, queues, top clients",
        security: personSecurity,
        querystring: adminMonitoringQuerySchema,
        response: { 200: adminMonitoringSchema, ...errorResponses },
      },
    },
    async (request) =>
      readMonitoring(deps, {
        principal: principalOf(request),
        window: request.query.window,
        probes: [{ name: 'redis', check: redis }],
        processStats: processStats?.read,
      }),
  );
}
