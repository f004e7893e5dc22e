import {
  apiKeySchema,
  clientSchema,
  createApiKeySchema,
  createdApiKeySchema,
  memberSchema,
  meSchema,
  updateClientSettingsSchema,
  updateMemberSchema,
} from '@renum/contracts';
import {
  createApiKey,
  getMe,
  listApiKeys,
  listMembers,
  removeMember,
  revokeApiKey,
  updateClientSettings,
  updateMemberRole,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** The caller, their API keys and their client's members (invitations: invitation-routes.ts). */
export async function identityRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I',
        security,
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => getMe(deps, { principal: principalOf(request) }),
  );

  app.patch(
    '/v1/client',
    {
      schema: {
        tags: ['auth'],
        summary: "Change the caller's company: name, language, time zone (owners and admins)",
        security,
        body: updateClientSettingsSchema,
        response: { 200: clientSchema, ...errorResponses },
      },
    },
    async (request) => updateClientSettings(deps, { principal: principalOf(request), input: request.body }),
  );

  const keyTags = ['api-keys'];
  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: keyTags,
        summary: 'Create an API key (the secret is shown once)',
        security,
        body: createApiKeySchema,
        response: { 201: createdApiKeySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createApiKey(deps, { principal: principalOf(request), input: request.body })),
  );
  app.get(
    '/v1/api-keys',
    {
      schema: {
        tags: keyTags,
        summary: 'List API keys (masked)',
        security,
        response: { 200: z.object({ data: z.array(apiKeySchema) }), ...errorResponses },
      },
    },
    async (request) => listApiKeys(deps, { principal: principalOf(request) }),
  );
  app.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        tags: keyTags,
        summary: 'Revoke an API key',
        security,
        params: z.object({ id: z.string() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeApiKey(deps, { principal: principalOf(request), apiKeyId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  const memberTags = ['members'];
  const userParams = z.object({ user_id: z.string() });
  app.get(
    '/v1/members',
    {
      schema: {
        tags: memberTags,
        summary: 'List members',
        security,
        response: { 200: z.object({ data: z.array(memberSchema) }), ...errorResponses },
      },
    },
    async (request) => listMembers(deps, { principal: principalOf(request) }),
  );
  app.patch(
    '/v1/members/:user_id',
    {
      schema: {
        tags: memberTags,
        summary: 'Change a member role',
        security,
        params: userParams,
        body: updateMemberSchema,
        response: { 200: memberSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateMemberRole(deps, {
        principal: principalOf(request),
        userId: request.params.user_id,
        role: request.body.role,
      }),
  );
  app.delete(
    '/v1/members/:user_id',
    {
      schema: {
        tags: memberTags,
        summary: 'Remove a member',
        security,
        params: userParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeMember(deps, { principal: principalOf(request), userId: request.params.user_id });
      return reply.status(204).send(null);
    },
  );
}
