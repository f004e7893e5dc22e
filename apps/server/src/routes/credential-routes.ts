import { createCredentialSchema, credentialSchema, replaceCredentialSchema } from '@renum/contracts';
import { createCredential, deleteCredential, listCredentials, replaceCredential } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** The client's credentials: stored encrypted, shown masked, never readable in clear. */
export async function credentialRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['credentials'];
  const params = z.object({ id: z.string() });
  app.post(
    '/v1/credentials',
    {
      schema: {
        tags,
        summary: 'Store a credential (owner/admin)',
        security,
        body: createCredentialSchema,
        response: { 201: credentialSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createCredential(deps, { principal: principalOf(request), input: request.body })),
  );
  app.get(
    '/v1/credentials',
    {
      schema: {
        tags,
        summary: 'List credentials, masked',
        security,
        response: { 200: z.object({ data: z.array(credentialSchema) }), ...errorResponses },
      },
    },
    async (request) => listCredentials(deps, { principal: principalOf(request) }),
  );
  app.put(
    '/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'Replace a credential’s secret',
        security,
        params,
        body: replaceCredentialSchema,
        response: { 200: credentialSchema, ...errorResponses },
      },
    },
    async (request) =>
      replaceCredential(deps, {
        principal: principalOf(request),
        credentialId: request.params.id,
        secret: request.body.secret,
      }),
  );
  app.delete(
    '/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'Delete a credential',
        security,
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCredential(deps, { principal: principalOf(request), credentialId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
