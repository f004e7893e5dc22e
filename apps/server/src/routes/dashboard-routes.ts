import { dashboardSchema, errorBodySchema } from '@renum/contracts';
import { getDashboard } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';

/** The builder's dashboard figures in one call. */
export async function dashboardRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/dashboard',
    {
      schema: {
        tags: ['usage'],
        summary: 'Agents by status, conversations and runs today, this month’s usage, recent failed runs',
        security: [{ bearer: [] }, { apiKey: [] }],
        response: { 200: dashboardSchema, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request) => getDashboard(deps, { principal: principalOf(request) }),
  );
}
