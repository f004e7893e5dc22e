import {
  conversationSchema,
  createConversationSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  messageSchema,
  pageSchema,
} from '@renum/contracts';
import { createConversation, getConversation, listConversations, listMessages } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** Conversations with agents and their messages. */
export async function conversationRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['conversations'];
  app.post(
    '/v1/agents/:id/conversations',
    {
      schema: {
        tags,
        summary: 'Open a conversation with an agent (body optional)',
        security,
        params: z.object({ id: z.string() }),
        body: createConversationSchema.nullish(),
        response: { 201: conversationSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createConversation(deps, {
          principal: principalOf(request),
          agentId: request.params.id,
          input: request.body ?? {},
        }),
      ),
  );
  app.get(
    '/v1/conversations',
    {
      schema: {
        tags,
        summary: 'List conversations',
        security,
        querystring: listConversationsQuerySchema,
        response: { 200: pageSchema(conversationSchema), ...errorResponses },
      },
    },
    async (request) => listConversations(deps, { principal: principalOf(request), query: request.query }),
  );
  app.get(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Get a conversation',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: conversationSchema, ...errorResponses },
      },
    },
    async (request) =>
      getConversation(deps, { principal: principalOf(request), conversationId: request.params.id }),
  );
  app.get(
    '/v1/conversations/:id/messages',
    {
      schema: {
        tags,
        summary: 'List the messages of a conversation, oldest first',
        security,
        params: z.object({ id: z.string() }),
        querystring: listMessagesQuerySchema,
        response: { 200: pageSchema(messageSchema), ...errorResponses },
      },
    },
    async (request) =>
      listMessages(deps, {
        principal: principalOf(request),
        conversationId: request.params.id,
        query: request.query,
      }),
  );
}
