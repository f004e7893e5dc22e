import {
  adminClientListQuerySchema,
  adminClientSummarySchema,
  adminCreateClientSchema,
  adminUpdateClientSchema,
  adminUserListQuerySchema,
  adminUserSchema,
  agentSchema,
  clientSchema,
  executorHealthSchema,
  pageQuerySchema,
  pageSchema,
  sunaSettingsSchema,
  updateSunaSettingsSchema,
} from '@renum/contracts';
import {
  checkSunaHealth,
  createClient,
  getSunaSettings,
  listAllAgents,
  listClients,
  listUsers,
  updateClient,
  updateSunaSettings,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity } from './route-schemas.ts';

/** Platform-admin routes across clients; every call is audited. */
export async function adminRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  app.get(
    '/v1/admin/clients',
    {
      schema: {
        tags,
        summary: 'List clients with members, agents, spend this month and runs of the last 24 h',
        security: personSecurity,
        querystring: adminClientListQuerySchema,
        response: { 200: pageSchema(adminClientSummarySchema), ...errorResponses },
      },
    },
    async (request) => listClients(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/admin/clients',
    {
      schema: {
        tags,
        summary: 'Create a client',
        security: personSecurity,
        body: adminCreateClientSchema,
        response: { 201: clientSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createClient(deps, { principal: principalOf(request), input: request.body })),
  );
  app.patch(
    '/v1/admin/clients/:id',
    {
      schema: {
        tags,
        summary: 'Update or suspend a client',
        security: personSecurity,
        params: z.object({ id: z.string() }),
        body: adminUpdateClientSchema,
        response: { 200: clientSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateClient(deps, {
        principal: principalOf(request),
        clientId: request.params.id,
        input: request.body,
      }),
  );
  app.get(
    '/v1/admin/users',
    {
      schema: {
        tags,
        summary: 'List people with their memberships (search by email or name)',
        security: personSecurity,
        querystring: adminUserListQuerySchema,
        response: { 200: pageSchema(adminUserSchema), ...errorResponses },
      },
    },
    async (request) => listUsers(deps, { principal: principalOf(request), query: request.query }),
  );
  app.get(
    '/v1/admin/executors/suna/health',
    {
      schema: {
        tags,
        summary: "Check the deployment's Suna (its GET /v1/health)",
        security: personSecurity,
        response: { 200: executorHealthSchema, ...errorResponses },
      },
    },
    async (request) => checkSunaHealth(deps, { principal: principalOf(request) }),
  );
  app.get(
    '/v1/admin/executors/suna/settings',
    {
      schema: {
        tags,
        summary: "Suna's connection in effect (secrets only as set or not set)",
        security: personSecurity,
        response: { 200: sunaSettingsSchema, ...errorResponses },
      },
    },
    async (request) => getSunaSettings(deps, { principal: principalOf(request) }),
  );
  app.put(
    '/v1/admin/executors/suna/settings',
    {
      schema: {
        tags,
        summary:
          "Change Suna's connection (URL, API key, service JWT, tools URL, instance provider); no restart",
        security: personSecurity,
        body: updateSunaSettingsSchema,
        response: { 200: sunaSettingsSchema, ...errorResponses },
      },
    },
    async (request) => updateSunaSettings(deps, { principal: principalOf(request), input: request.body }),
  );
  app.get(
    '/v1/admin/agents',
    {
      schema: {
        tags,
        summary: 'List agents across clients',
        security: personSecurity,
        querystring: pageQuerySchema.extend({ client_id: z.uuid().optional() }),
        response: { 200: pageSchema(agentSchema), ...errorResponses },
      },
    },
    async (request) => listAllAgents(deps, { principal: principalOf(request), query: request.query }),
  );
}
