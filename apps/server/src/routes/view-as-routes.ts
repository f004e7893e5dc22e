import {
  adminGlobalAgentQuerySchema,
  clientAuditEntrySchema,
  clientAuditQuerySchema,
  copyGlobalAgentSchema,
  createGlobalAgentSchema,
  globalAgentSchema,
  pageQuerySchema,
  pageSchema,
  startViewAsSchema,
  updateGlobalAgentSchema,
  viewAsGrantSchema,
  viewAsSessionSchema,
} from '@renum/contracts';
import {
  copyGlobalAgent,
  createGlobalAgent,
  endViewAs,
  listClientAudit,
  listGlobalAgents,
  listGlobalAgentsForAdmin,
  startViewAs,
  updateGlobalAgent,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity, security } from './route-schemas.ts';

const idParams = z.object({ id: z.string().max(100) });

/** "View as" (ADR 0040): a platform admin's audited, read-only, time-limited look at a client. */
export async function viewAsRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  app.post(
    '/v1/admin/clients/:id/view-as',
    {
      schema: {
        tags,
        summary: 'Start a read-only, 30-minute view of a client, with the reason (audited in its own log)',
        security: personSecurity,
        params: idParams,
        body: startViewAsSchema,
        response: { 201: viewAsGrantSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await startViewAs(deps, {
          principal: principalOf(request),
          clientId: request.params.id,
          input: request.body,
        }),
      ),
  );
  app.post(
    '/v1/admin/view-as/:id/end',
    {
      schema: {
        tags,
        summary: 'End one of your view-as sessions now (audited)',
        security: personSecurity,
        params: idParams,
        response: { 200: viewAsSessionSchema, ...errorResponses },
      },
    },
    async (request) => endViewAs(deps, { principal: principalOf(request), sessionId: request.params.id }),
  );
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "Your client's own audit log, newest first (owners and admins)",
        security,
        querystring: clientAuditQuerySchema,
        response: { 200: pageSchema(clientAuditEntrySchema), ...errorResponses },
      },
    },
    async (request) => listClientAudit(deps, { principal: principalOf(request), query: request.query }),
  );
}

/** Global agents (ADR 0040): the platform's admins offer them, every client reads and copies them. */
export async function globalAgentRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/admin/global-agents',
    {
      schema: {
        tags: ['admin'],
        summary: 'List global agents (retired ones with include_retired=true)',
        security: personSecurity,
        querystring: adminGlobalAgentQuerySchema,
        response: { 200: pageSchema(globalAgentSchema), ...errorResponses },
      },
    },
    async (request) =>
      listGlobalAgentsForAdmin(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/admin/global-agents',
    {
      schema: {
        tags: ['admin'],
        summary: 'Offer a new agent to every client (audited)',
        security: personSecurity,
        body: createGlobalAgentSchema,
        response: { 201: globalAgentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createGlobalAgent(deps, { principal: principalOf(request), input: request.body })),
  );
  app.patch(
    '/v1/admin/global-agents/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Edit, retire (retired: true) or offer again a global agent (audited)',
        security: personSecurity,
        params: idParams,
        body: updateGlobalAgentSchema,
        response: { 200: globalAgentSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateGlobalAgent(deps, {
        principal: principalOf(request),
        id: request.params.id,
        input: request.body as never,
      }),
  );
  app.get(
    '/v1/global-agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'The global agents offered to your client (read-only; copy one to use it)',
        security,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(globalAgentSchema), ...errorResponses },
      },
    },
    async (request) => listGlobalAgents(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/global-agents/:id/copy',
    {
      schema: {
        tags: ['agents'],
        summary: 'Copy a global agent into your agents (a draft) or its prompt into your prompt templates',
        security,
        params: idParams,
        body: copyGlobalAgentSchema,
        response: {
          201: z.object({ kind: z.enum(['agent', 'prompt_template']), id: z.uuid() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await copyGlobalAgent(deps, {
          principal: principalOf(request),
          id: request.params.id,
          input: request.body,
        }),
      ),
  );
}
