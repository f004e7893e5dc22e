import {
  type Conversation,
  conversationSchema,
  createConversationSchema,
  handoffSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  type Message,
  messageSchema,
  pageSchema,
  personReplySchema,
  updateConversationSchema,
} from '@renum/contracts';
import {
  createConversation,
  deleteConversation,
  getConversation,
  handBackConversation,
  listConversations,
  listMessages,
  type RunDeps,
  type RunManager,
  replyAsPerson,
  takeOverConversation,
  updateConversation,
} from '@renum/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** Conversations with agents and their messages. */
export async function conversationRoutes(
  instance: FastifyInstance,
  { deps, run, manager }: RouteContext & { run: RunDeps; manager: RunManager },
) {
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
  app.patch(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        summary: 'Rename a conversation',
        security,
        params: z.object({ id: z.string() }),
        body: updateConversationSchema,
        response: { 200: conversationSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateConversation(deps, {
        principal: principalOf(request),
        conversationId: request.params.id,
        input: request.body,
      }),
  );
  app.delete(
    '/v1/conversations/:id',
    {
      schema: {
        tags,
        summary:
          'Delete a conversation with its messages and runs (409 CONFLICT while an answer is in progress)',
        security,
        params: z.object({ id: z.string() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteConversation(deps, { principal: principalOf(request), conversationId: request.params.id });
      return reply.status(204).send(null);
    },
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

  /** Tells the client's people, in every process, that a conversation changed hands. */
  const announceHandoff = (
    request: FastifyRequest,
    handoff: { conversation: Conversation; message: Message | null; stopped_run_ids?: string[] },
  ) => {
    const clientId = handoff.conversation.client_id;
    request.server.wsHub.publish(clientId, { type: 'conversation', conversation: handoff.conversation });
    if (handoff.message)
      request.server.wsHub.publish(clientId, { type: 'message', message: handoff.message });
    return handoff;
  };
  app.post(
    '/v1/conversations/:id/takeover',
    {
      schema: {
        tags,
        summary:
          'Take a conversation over from its agent (owners and admins): the agent stops answering it, and an answer in progress is stopped',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: handoffSchema, ...errorResponses },
      },
    },
    async (request) => {
      const handoff = await takeOverConversation(deps, {
        principal: principalOf(request),
        conversationId: request.params.id,
        runs: { manager, bus: run.bus, onPublishError: run.onPublishError },
      });
      return announceHandoff(
        request,
        handoff as { conversation: Conversation; message: Message | null; stopped_run_ids: string[] },
      );
    },
  );
  app.post(
    '/v1/conversations/:id/hand-back',
    {
      schema: {
        tags,
        summary: 'Hand a conversation back to its agent, which answers the next message again',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: handoffSchema, ...errorResponses },
      },
    },
    async (request) => {
      const handoff = await handBackConversation(deps, {
        principal: principalOf(request),
        conversationId: request.params.id,
      });
      return announceHandoff(request, handoff as { conversation: Conversation; message: Message | null });
    },
  );
  app.post(
    '/v1/conversations/:id/replies',
    {
      schema: {
        tags,
        summary: 'Reply to the end user as the person holding the conversation',
        security,
        params: z.object({ id: z.string() }),
        body: personReplySchema,
        response: { 201: messageSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const message = (await replyAsPerson(deps, {
        principal,
        conversationId: request.params.id,
        content: request.body.content,
        jobs: run.jobs,
      })) as Message;
      request.server.wsHub.publish(principal.clientId!, { type: 'message', message });
      return reply.status(201).send(message);
    },
  );
}
