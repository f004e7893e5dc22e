import {
  adminCreateClientSchema,
  adminUpdateClientSchema,
  agentSchema,
  clientSchema,
  errorBodySchema,
  pageQuerySchema,
  pageSchema,
  userSchema,
} from '@renum/contracts';
import { createClient, listAllAgents, listClients, listUsers, updateClient } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};
const security: Array<Record<string, string[]>> = [{ bearer: [] }];

/** Platform-admin routes across clients; every call is audited. */
export async function adminRoutes(instance: FastifyInstance, { deps, statusCache }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin'];
  app.get(
    '/v1/admin/clients',
    {
      schema: {
        tags,
        summary: 'List clients',
        security,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(clientSchema), ...errors },
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
        security,
        body: adminCreateClientSchema,
        response: { 201: clientSchema, ...errors },
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
        security,
        params: z.object({ id: z.string() }),
        body: adminUpdateClientSchema,
        response: { 200: clientSchema, ...errors },
      },
    },
    async (request) => {
      const client = await updateClient(deps, {
        principal: principalOf(request),
        clientId: request.params.id,
        input: request.body,
      });
      statusCache.forget(client.id);
      return client;
    },
  );
  app.get(
    '/v1/admin/users',
    {
      schema: {
        tags,
        summary: 'List people',
        security,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(userSchema), ...errors },
      },
    },
    async (request) => listUsers(deps, { principal: principalOf(request), query: request.query }),
  );
  app.get(
    '/v1/admin/agents',
    {
      schema: {
        tags,
        summary: 'List agents across clients',
        security,
        querystring: pageQuerySchema.extend({ client_id: z.uuid().optional() }),
        response: { 200: pageSchema(agentSchema), ...errors },
      },
    },
    async (request) => listAllAgents(deps, { principal: principalOf(request), query: request.query }),
  );
}
