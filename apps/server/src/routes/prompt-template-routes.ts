import {
  createPromptTemplateSchema,
  createPromptTemplateVersionSchema,
  idParamsSchema,
  listPromptTemplatesQuerySchema,
  pageSchema,
  promptTemplateDetailSchema,
  promptTemplateSchema,
  promptTemplateVersionParamsSchema,
  promptTemplateVersionSchema,
  updatePromptTemplateSchema,
} from '@renum/contracts';
import {
  createPromptTemplate,
  createPromptTemplateVersion,
  deletePromptTemplate,
  getPromptTemplate,
  getPromptTemplateVersion,
  listPromptTemplates,
  updatePromptTemplate,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const tags = ['prompt-templates'];

/** Reusable prompt templates with immutable versions (seed 004 #7). */
export async function promptTemplateRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/prompt-templates',
    {
      schema: {
        tags,
        summary: 'List prompt templates',
        security,
        querystring: listPromptTemplatesQuerySchema,
        response: { 200: pageSchema(promptTemplateSchema), ...errorResponses },
      },
    },
    async (request) => listPromptTemplates(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/prompt-templates',
    {
      schema: {
        tags,
        summary: 'Create a prompt template (its body becomes version 1)',
        security,
        body: createPromptTemplateSchema,
        response: { 201: promptTemplateDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createPromptTemplate(deps, { principal: principalOf(request), input: request.body })),
  );
  app.get(
    '/v1/prompt-templates/:id',
    {
      schema: {
        tags,
        summary: 'Get a prompt template with its latest version and history',
        security,
        params: idParamsSchema,
        response: { 200: promptTemplateDetailSchema, ...errorResponses },
      },
    },
    async (request) =>
      getPromptTemplate(deps, { principal: principalOf(request), templateId: request.params.id }),
  );
  app.patch(
    '/v1/prompt-templates/:id',
    {
      schema: {
        tags,
        summary: 'Rename a prompt template or change its description',
        security,
        params: idParamsSchema,
        body: updatePromptTemplateSchema,
        response: { 200: promptTemplateSchema, ...errorResponses },
      },
    },
    async (request) =>
      updatePromptTemplate(deps, {
        principal: principalOf(request),
        templateId: request.params.id,
        input: request.body,
      }),
  );
  app.delete(
    '/v1/prompt-templates/:id',
    {
      schema: {
        tags,
        summary: 'Delete a prompt template and its versions (refused while an agent uses one)',
        security,
        params: idParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deletePromptTemplate(deps, { principal: principalOf(request), templateId: request.params.id });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/v1/prompt-templates/:id/versions',
    {
      schema: {
        tags,
        summary: 'Add a new immutable version of a prompt template',
        security,
        params: idParamsSchema,
        body: createPromptTemplateVersionSchema,
        response: { 201: promptTemplateVersionSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createPromptTemplateVersion(deps, {
          principal: principalOf(request),
          templateId: request.params.id,
          input: request.body,
        }),
      ),
  );
  app.get(
    '/v1/prompt-templates/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'Get one version of a prompt template',
        security,
        params: promptTemplateVersionParamsSchema,
        response: { 200: promptTemplateVersionSchema, ...errorResponses },
      },
    },
    async (request) =>
      getPromptTemplateVersion(deps, {
        principal: principalOf(request),
        templateId: request.params.id,
        version: request.params.version,
      }),
  );
}
