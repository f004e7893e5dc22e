import {
  contactSchema,
  listContactsQuerySchema,
  pageSchema,
  timestampSchema,
  uuidSchema,
} from '@renum/contracts';
import {
  deleteContact,
  deleteContactMemories,
  getContact,
  listContactMemories,
  listContacts,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const memorySchema = z
  .object({
    id: uuidSchema,
    agent_id: uuidSchema,
    contact_id: uuidSchema,
    content: z.string(),
    source_conversation_id: uuidSchema.nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'Memory' });

/** Contacts, what agents remember about them, and their erasure. */
export async function contactRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['contacts'];
  const params = z.object({ id: z.string() });
  app.get(
    '/v1/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts, newest first (q: part of the name, phone, email or external id)',
        security,
        querystring: listContactsQuerySchema,
        response: { 200: pageSchema(contactSchema), ...errorResponses },
      },
    },
    async (request) => listContacts(deps, { principal: principalOf(request), query: request.query }),
  );
  app.get(
    '/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Get a contact',
        security,
        params,
        response: { 200: contactSchema, ...errorResponses },
      },
    },
    async (request) => getContact(deps, { principal: principalOf(request), contactId: request.params.id }),
  );
  app.delete(
    '/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Erase a contact with their conversations and memories (LGPD/GDPR)',
        security,
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteContact(deps, { principal: principalOf(request), contactId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/v1/contacts/:id/memories',
    {
      schema: {
        tags,
        summary: 'What the agents remember about a contact',
        security,
        params,
        response: { 200: z.object({ data: z.array(memorySchema) }), ...errorResponses },
      },
    },
    async (request) =>
      listContactMemories(deps, { principal: principalOf(request), contactId: request.params.id }),
  );
  app.delete(
    '/v1/contacts/:id/memories',
    {
      schema: {
        tags,
        summary: 'Forget everything about a contact',
        security,
        params,
        response: { 200: z.object({ deleted: z.number().int() }), ...errorResponses },
      },
    },
    async (request) =>
      deleteContactMemories(deps, { principal: principalOf(request), contactId: request.params.id }),
  );
  app.delete(
    '/v1/contacts/:id/memories/:memory_id',
    {
      schema: {
        tags,
        summary: 'Forget one memory',
        security,
        params: z.object({ id: z.string(), memory_id: z.string() }),
        response: { 200: z.object({ deleted: z.number().int() }), ...errorResponses },
      },
    },
    async (request) =>
      deleteContactMemories(deps, {
        principal: principalOf(request),
        contactId: request.params.id,
        memoryId: request.params.memory_id,
      }),
  );
}
