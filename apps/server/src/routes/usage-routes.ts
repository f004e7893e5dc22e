import { errorBodySchema, usageQuerySchema, usageReportSchema } from '@renum/contracts';
import { getUsage } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';

/** Token and cost usage of the caller's client, from the ledger. */
export async function usageRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/usage',
    {
      schema: {
        tags: ['usage'],
        summary: 'Usage totals and groups (agent, model, day, tool) over a date range',
        security: [{ bearer: [] }, { apiKey: [] }],
        querystring: usageQuerySchema,
        response: {
          200: usageReportSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => getUsage(deps, { principal: principalOf(request), query: request.query }),
  );
}
