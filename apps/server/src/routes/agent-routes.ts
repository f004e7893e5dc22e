import {
  agentSchema,
  createAgentSchema,
  createSubAgentSchema,
  listAgentsQuerySchema,
  pageSchema,
  subAgentSchema,
  updateAgentSchema,
  updateSubAgentSchema,
} from '@renum/contracts';
import {
  createAgent,
  createSubAgent,
  deleteAgent,
  deleteSubAgent,
  getAgent,
  getSubAgent,
  listAgents,
  listSubAgents,
  updateAgent,
  updateSubAgent,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const agentParams = z.object({ id: z.string() });
const subAgentParams = z.object({ agent_id: z.string(), id: z.string() });

/** Agents and their sub-agents (seed 003). */
export async function agentRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['agents'];
  app.get(
    '/v1/agents',
    {
      schema: {
        tags,
        summary: 'List agents',
        security,
        querystring: listAgentsQuerySchema,
        response: { 200: pageSchema(agentSchema), ...errorResponses },
      },
    },
    async (request) => listAgents(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/agents',
    {
      schema: {
        tags,
        summary: 'Create an agent',
        security,
        body: createAgentSchema,
        response: { 201: agentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createAgent(deps, { principal: principalOf(request), input: request.body })),
  );
  app.get(
    '/v1/agents/:id',
    {
      schema: {
        tags,
        summary: 'Get an agent',
        security,
        params: agentParams,
        response: { 200: agentSchema, ...errorResponses },
      },
    },
    async (request) => getAgent(deps, { principal: principalOf(request), agentId: request.params.id }),
  );
  app.patch(
    '/v1/agents/:id',
    {
      schema: {
        tags,
        summary: 'Update an agent',
        security,
        params: agentParams,
        body: updateAgentSchema,
        response: { 200: agentSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateAgent(deps, { principal: principalOf(request), agentId: request.params.id, input: request.body }),
  );
  app.delete(
    '/v1/agents/:id',
    {
      schema: {
        tags,
        summary: 'Delete an agent and its sub-agents',
        security,
        params: agentParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteAgent(deps, { principal: principalOf(request), agentId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  const subTags = ['sub-agents'];
  app.get(
    '/v1/agents/:agent_id/sub-agents',
    {
      schema: {
        tags: subTags,
        summary: 'List the sub-agents of an agent',
        security,
        params: z.object({ agent_id: z.string() }),
        response: { 200: z.object({ data: z.array(subAgentSchema) }), ...errorResponses },
      },
    },
    async (request) =>
      listSubAgents(deps, { principal: principalOf(request), agentId: request.params.agent_id }),
  );
  app.post(
    '/v1/agents/:agent_id/sub-agents',
    {
      schema: {
        tags: subTags,
        summary: 'Create a sub-agent',
        security,
        params: z.object({ agent_id: z.string() }),
        body: createSubAgentSchema,
        response: { 201: subAgentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createSubAgent(deps, {
          principal: principalOf(request),
          agentId: request.params.agent_id,
          input: request.body,
        }),
      ),
  );
  app.get(
    '/v1/agents/:agent_id/sub-agents/:id',
    {
      schema: {
        tags: subTags,
        summary: 'Get a sub-agent',
        security,
        params: subAgentParams,
        response: { 200: subAgentSchema, ...errorResponses },
      },
    },
    async (request) =>
      getSubAgent(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        subAgentId: request.params.id,
      }),
  );
  app.patch(
    '/v1/agents/:agent_id/sub-agents/:id',
    {
      schema: {
        tags: subTags,
        summary: 'Update a sub-agent',
        security,
        params: subAgentParams,
        body: updateSubAgentSchema,
        response: { 200: subAgentSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateSubAgent(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        subAgentId: request.params.id,
        input: request.body,
      }),
  );
  app.delete(
    '/v1/agents/:agent_id/sub-agents/:id',
    {
      schema: {
        tags: subTags,
        summary: 'Delete a sub-agent',
        security,
        params: subAgentParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteSubAgent(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        subAgentId: request.params.id,
      });
      return reply.status(204).send(null);
    },
  );
}
